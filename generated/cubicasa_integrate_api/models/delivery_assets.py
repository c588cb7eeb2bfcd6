from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth

T = TypeVar("T", bound="DeliveryAssets")

_KEYS = frozenset(
    {
        "listing_floorplans",
        "floorplans_3d",
        "video_3d",
        "cad_files",
        "gla_package",
        "home_report",
        "snapshot",
        "property_data",
        "tour",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class DeliveryAssets:
    """Download links of an order's delivered assets, one group per product. Every group may be null (seen
    in a third-party live payload) or absent, and the API may add groups not listed here (a `tour` group
    was seen in a live payload); unknown groups are kept as additional properties. URLs are pre-signed
    storage links: download them without the `api-key` header.

    """

    listing_floorplans: ListingFloorplans | None | Unset = UNSET
    """ 2D floor plans: png, jpg, svg, pdf; `_dim` variants carry dimensions. """
    floorplans_3d: Floorplans3D | None | Unset = UNSET
    """ 3D floor plans. """
    video_3d: None | Unset | Video3D = UNSET
    """ 3D videos. """
    cad_files: CadFiles | None | Unset = UNSET
    """ CAD files. """
    gla_package: GlaPackage | None | Unset = UNSET
    """ GLA (gross living area) report: the GLA add-on. """
    home_report: HomeReport | None | Unset = UNSET
    """ Home report (available from the PLUS package). The documentation's table renders the name as `homereport`;
    payloads use `home_report`. """
    snapshot: None | Snapshot | Unset = UNSET
    """ Snapshot report. """
    property_data: None | PropertyData | Unset = UNSET
    """ Property data as JSON. """
    tour: None | Tour | Unset = UNSET
    """ CubiCasa tour links (third-party live payload only). """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        listing_floorplans: dict[str, Any] | None | Unset
        if isinstance(self.listing_floorplans, Unset):
            listing_floorplans = UNSET
        elif isinstance(self.listing_floorplans, ListingFloorplans):
            listing_floorplans = self.listing_floorplans.to_dict()
        else:
            listing_floorplans = self.listing_floorplans

        floorplans_3d: dict[str, Any] | None | Unset
        if isinstance(self.floorplans_3d, Unset):
            floorplans_3d = UNSET
        elif isinstance(self.floorplans_3d, Floorplans3D):
            floorplans_3d = self.floorplans_3d.to_dict()
        else:
            floorplans_3d = self.floorplans_3d

        video_3d: dict[str, Any] | None | Unset
        if isinstance(self.video_3d, Unset):
            video_3d = UNSET
        elif isinstance(self.video_3d, Video3D):
            video_3d = self.video_3d.to_dict()
        else:
            video_3d = self.video_3d

        cad_files: dict[str, Any] | None | Unset
        if isinstance(self.cad_files, Unset):
            cad_files = UNSET
        elif isinstance(self.cad_files, CadFiles):
            cad_files = self.cad_files.to_dict()
        else:
            cad_files = self.cad_files

        gla_package: dict[str, Any] | None | Unset
        if isinstance(self.gla_package, Unset):
            gla_package = UNSET
        elif isinstance(self.gla_package, GlaPackage):
            gla_package = self.gla_package.to_dict()
        else:
            gla_package = self.gla_package

        home_report: dict[str, Any] | None | Unset
        if isinstance(self.home_report, Unset):
            home_report = UNSET
        elif isinstance(self.home_report, HomeReport):
            home_report = self.home_report.to_dict()
        else:
            home_report = self.home_report

        snapshot: dict[str, Any] | None | Unset
        if isinstance(self.snapshot, Unset):
            snapshot = UNSET
        elif isinstance(self.snapshot, Snapshot):
            snapshot = self.snapshot.to_dict()
        else:
            snapshot = self.snapshot

        property_data: dict[str, Any] | None | Unset
        if isinstance(self.property_data, Unset):
            property_data = UNSET
        elif isinstance(self.property_data, PropertyData):
            property_data = self.property_data.to_dict()
        else:
            property_data = self.property_data

        tour: dict[str, Any] | None | Unset
        if isinstance(self.tour, Unset):
            tour = UNSET
        elif isinstance(self.tour, Tour):
            tour = self.tour.to_dict()
        else:
            tour = self.tour

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if listing_floorplans is not UNSET:
            field_dict["listing_floorplans"] = listing_floorplans
        if floorplans_3d is not UNSET:
            field_dict["floorplans_3d"] = floorplans_3d
        if video_3d is not UNSET:
            field_dict["video_3d"] = video_3d
        if cad_files is not UNSET:
            field_dict["cad_files"] = cad_files
        if gla_package is not UNSET:
            field_dict["gla_package"] = gla_package
        if home_report is not UNSET:
            field_dict["home_report"] = home_report
        if snapshot is not UNSET:
            field_dict["snapshot"] = snapshot
        if property_data is not UNSET:
            field_dict["property_data"] = property_data
        if tour is not UNSET:
            field_dict["tour"] = tour

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        _listing_floorplans = d.get("listing_floorplans", UNSET)
        listing_floorplans: ListingFloorplans | None | Unset = _listing_floorplans
        if isinstance(_listing_floorplans, dict):
            try:
                listing_floorplans_type_0 = ListingFloorplans.from_dict(_listing_floorplans)

                listing_floorplans = listing_floorplans_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _floorplans_3d = d.get("floorplans_3d", UNSET)
        floorplans_3d: Floorplans3D | None | Unset = _floorplans_3d
        if isinstance(_floorplans_3d, dict):
            try:
                floorplans_3d_type_0 = Floorplans3D.from_dict(_floorplans_3d)

                floorplans_3d = floorplans_3d_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _video_3d = d.get("video_3d", UNSET)
        video_3d: None | Unset | Video3D = _video_3d
        if isinstance(_video_3d, dict):
            try:
                video_3d_type_0 = Video3D.from_dict(_video_3d)

                video_3d = video_3d_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _cad_files = d.get("cad_files", UNSET)
        cad_files: CadFiles | None | Unset = _cad_files
        if isinstance(_cad_files, dict):
            try:
                cad_files_type_0 = CadFiles.from_dict(_cad_files)

                cad_files = cad_files_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _gla_package = d.get("gla_package", UNSET)
        gla_package: GlaPackage | None | Unset = _gla_package
        if isinstance(_gla_package, dict):
            try:
                gla_package_type_0 = GlaPackage.from_dict(_gla_package)

                gla_package = gla_package_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _home_report = d.get("home_report", UNSET)
        home_report: HomeReport | None | Unset = _home_report
        if isinstance(_home_report, dict):
            try:
                home_report_type_0 = HomeReport.from_dict(_home_report)

                home_report = home_report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _snapshot = d.get("snapshot", UNSET)
        snapshot: None | Snapshot | Unset = _snapshot
        if isinstance(_snapshot, dict):
            try:
                snapshot_type_0 = Snapshot.from_dict(_snapshot)

                snapshot = snapshot_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _property_data = d.get("property_data", UNSET)
        property_data: None | PropertyData | Unset = _property_data
        if isinstance(_property_data, dict):
            try:
                property_data_type_0 = PropertyData.from_dict(_property_data)

                property_data = property_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _tour = d.get("tour", UNSET)
        tour: None | Tour | Unset = _tour
        if isinstance(_tour, dict):
            try:
                tour_type_0 = Tour.from_dict(_tour)

                tour = tour_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        delivery_assets = cls(
            listing_floorplans,
            floorplans_3d,
            video_3d,
            cad_files,
            gla_package,
            home_report,
            snapshot,
            property_data,
            tour,
        )

        if not _KEYS.issuperset(d):
            delivery_assets._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
        return delivery_assets

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The keys of the JSON object that the spec does not list, with their values."""
        if self._additional_properties is None:
            self._additional_properties = {}
        return self._additional_properties

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported here, at the end and once, rather than inside every from_dict/to_dict call (about 2 us per import
# statement per call): this module's class already exists when an import cycle (A -> B -> A) comes back to it.
from ..models.cad_files import CadFiles
from ..models.floorplans_3d import Floorplans3D
from ..models.gla_package import GlaPackage
from ..models.home_report import HomeReport
from ..models.listing_floorplans import ListingFloorplans
from ..models.property_data import PropertyData
from ..models.snapshot import Snapshot
from ..models.tour import Tour
from ..models.video_3d import Video3D
