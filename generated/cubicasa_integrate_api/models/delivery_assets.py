from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, JSONText, Unset, check_depth, convert_or_keep, drift_keys

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

    _listing_floorplans: ListingFloorplans | None | Unset = _attrs_field(
        default=UNSET,
        alias="listing_floorplans",
        eq=lambda value: convert_or_keep(value, ListingFloorplans),
        repr=lambda value: repr(convert_or_keep(value, ListingFloorplans)),
    )
    _floorplans_3d: Floorplans3D | None | Unset = _attrs_field(
        default=UNSET,
        alias="floorplans_3d",
        eq=lambda value: convert_or_keep(value, Floorplans3D),
        repr=lambda value: repr(convert_or_keep(value, Floorplans3D)),
    )
    _video_3d: None | Unset | Video3D = _attrs_field(
        default=UNSET,
        alias="video_3d",
        eq=lambda value: convert_or_keep(value, Video3D),
        repr=lambda value: repr(convert_or_keep(value, Video3D)),
    )
    _cad_files: CadFiles | None | Unset = _attrs_field(
        default=UNSET,
        alias="cad_files",
        eq=lambda value: convert_or_keep(value, CadFiles),
        repr=lambda value: repr(convert_or_keep(value, CadFiles)),
    )
    _gla_package: GlaPackage | None | Unset = _attrs_field(
        default=UNSET,
        alias="gla_package",
        eq=lambda value: convert_or_keep(value, GlaPackage),
        repr=lambda value: repr(convert_or_keep(value, GlaPackage)),
    )
    _home_report: HomeReport | None | Unset = _attrs_field(
        default=UNSET,
        alias="home_report",
        eq=lambda value: convert_or_keep(value, HomeReport),
        repr=lambda value: repr(convert_or_keep(value, HomeReport)),
    )
    _snapshot: None | Snapshot | Unset = _attrs_field(
        default=UNSET,
        alias="snapshot",
        eq=lambda value: convert_or_keep(value, Snapshot),
        repr=lambda value: repr(convert_or_keep(value, Snapshot)),
    )
    _property_data: None | PropertyData | Unset = _attrs_field(
        default=UNSET,
        alias="property_data",
        eq=lambda value: convert_or_keep(value, PropertyData),
        repr=lambda value: repr(convert_or_keep(value, PropertyData)),
    )
    _tour: None | Tour | Unset = _attrs_field(
        default=UNSET,
        alias="tour",
        eq=lambda value: convert_or_keep(value, Tour),
        repr=lambda value: repr(convert_or_keep(value, Tour)),
    )
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
    def _json_plan(cls) -> dict[str, Any]:
        return {
            "listing_floorplans": JSONText,
            "floorplans_3d": JSONText,
            "video_3d": JSONText,
            "cad_files": JSONText,
            "gla_package": JSONText,
            "home_report": JSONText,
            "snapshot": JSONText,
            "property_data": JSONText,
            "tour": JSONText,
        }

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            listing_floorplans = d.get("listing_floorplans", UNSET)

            floorplans_3d = d.get("floorplans_3d", UNSET)

            video_3d = d.get("video_3d", UNSET)

            cad_files = d.get("cad_files", UNSET)

            gla_package = d.get("gla_package", UNSET)

            home_report = d.get("home_report", UNSET)

            snapshot = d.get("snapshot", UNSET)

            property_data = d.get("property_data", UNSET)

            tour = d.get("tour", UNSET)

        except Exception:
            drift_keys("invalid", "DeliveryAssets", d)
            raise
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
            drift_keys("unknown", "DeliveryAssets", d, _KEYS)
        return delivery_assets

    @property
    def listing_floorplans(self) -> ListingFloorplans | None | Unset:
        """2D floor plans: png, jpg, svg, pdf; `_dim` variants carry dimensions."""
        if isinstance(self._listing_floorplans, (dict, JSONText)):
            self._listing_floorplans = convert_or_keep(self._listing_floorplans, ListingFloorplans)
        return self._listing_floorplans

    @listing_floorplans.setter
    def listing_floorplans(self, value: ListingFloorplans | None | Unset) -> None:
        self._listing_floorplans = value

    @property
    def floorplans_3d(self) -> Floorplans3D | None | Unset:
        """3D floor plans."""
        if isinstance(self._floorplans_3d, (dict, JSONText)):
            self._floorplans_3d = convert_or_keep(self._floorplans_3d, Floorplans3D)
        return self._floorplans_3d

    @floorplans_3d.setter
    def floorplans_3d(self, value: Floorplans3D | None | Unset) -> None:
        self._floorplans_3d = value

    @property
    def video_3d(self) -> None | Unset | Video3D:
        """3D videos."""
        if isinstance(self._video_3d, (dict, JSONText)):
            self._video_3d = convert_or_keep(self._video_3d, Video3D)
        return self._video_3d

    @video_3d.setter
    def video_3d(self, value: None | Unset | Video3D) -> None:
        self._video_3d = value

    @property
    def cad_files(self) -> CadFiles | None | Unset:
        """CAD files."""
        if isinstance(self._cad_files, (dict, JSONText)):
            self._cad_files = convert_or_keep(self._cad_files, CadFiles)
        return self._cad_files

    @cad_files.setter
    def cad_files(self, value: CadFiles | None | Unset) -> None:
        self._cad_files = value

    @property
    def gla_package(self) -> GlaPackage | None | Unset:
        """GLA (gross living area) report: the GLA add-on."""
        if isinstance(self._gla_package, (dict, JSONText)):
            self._gla_package = convert_or_keep(self._gla_package, GlaPackage)
        return self._gla_package

    @gla_package.setter
    def gla_package(self, value: GlaPackage | None | Unset) -> None:
        self._gla_package = value

    @property
    def home_report(self) -> HomeReport | None | Unset:
        """Home report (available from the PLUS package). The documentation's table renders the name as `homereport`;
        payloads use `home_report`."""
        if isinstance(self._home_report, (dict, JSONText)):
            self._home_report = convert_or_keep(self._home_report, HomeReport)
        return self._home_report

    @home_report.setter
    def home_report(self, value: HomeReport | None | Unset) -> None:
        self._home_report = value

    @property
    def snapshot(self) -> None | Snapshot | Unset:
        """Snapshot report."""
        if isinstance(self._snapshot, (dict, JSONText)):
            self._snapshot = convert_or_keep(self._snapshot, Snapshot)
        return self._snapshot

    @snapshot.setter
    def snapshot(self, value: None | Snapshot | Unset) -> None:
        self._snapshot = value

    @property
    def property_data(self) -> None | PropertyData | Unset:
        """Property data as JSON."""
        if isinstance(self._property_data, (dict, JSONText)):
            self._property_data = convert_or_keep(self._property_data, PropertyData)
        return self._property_data

    @property_data.setter
    def property_data(self, value: None | PropertyData | Unset) -> None:
        self._property_data = value

    @property
    def tour(self) -> None | Tour | Unset:
        """CubiCasa tour links (third-party live payload only)."""
        if isinstance(self._tour, (dict, JSONText)):
            self._tour = convert_or_keep(self._tour, Tour)
        return self._tour

    @tour.setter
    def tour(self, value: None | Tour | Unset) -> None:
        self._tour = value

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
