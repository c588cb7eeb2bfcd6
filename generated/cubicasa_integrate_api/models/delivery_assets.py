from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeliveryAssets")


@_attrs_define
class DeliveryAssets:
    """Download links of an order's delivered assets, one group per product. Every group may be null (seen
    in a third-party live payload) or absent, and the API may add groups not listed here (a `tour` group
    was seen in a live payload); unknown groups are kept as additional properties. URLs are pre-signed
    storage links: download them without the `api-key` header.

    """

    listing_floorplans: ListingFloorplans | None = None
    """ 2D floor plans: png, jpg, svg, pdf; `_dim` variants carry dimensions. """
    floorplans_3d: Floorplans3D | None = None
    """ 3D floor plans. """
    video_3d: None | Video3D = None
    """ 3D videos. """
    cad_files: CadFiles | None = None
    """ CAD files. """
    gla_package: GlaPackage | None = None
    """ GLA (gross living area) report: the GLA add-on. """
    home_report: HomeReport | None = None
    """ Home report (available from the PLUS package). The documentation's table renders the name as `homereport`;
    payloads use `home_report`. """
    snapshot: None | Snapshot = None
    """ Snapshot report. """
    property_data: None | PropertyData = None
    """ Property data as JSON. """
    tour: None | Tour = None
    """ CubiCasa tour links (third-party live payload only). """

    def to_dict(self) -> dict[str, Any]:
        listing_floorplans: dict[str, Any] | None
        if isinstance(self.listing_floorplans, ListingFloorplans):
            listing_floorplans = self.listing_floorplans.to_dict()
        else:
            listing_floorplans = self.listing_floorplans

        floorplans_3d: dict[str, Any] | None
        if isinstance(self.floorplans_3d, Floorplans3D):
            floorplans_3d = self.floorplans_3d.to_dict()
        else:
            floorplans_3d = self.floorplans_3d

        video_3d: dict[str, Any] | None
        if isinstance(self.video_3d, Video3D):
            video_3d = self.video_3d.to_dict()
        else:
            video_3d = self.video_3d

        cad_files: dict[str, Any] | None
        if isinstance(self.cad_files, CadFiles):
            cad_files = self.cad_files.to_dict()
        else:
            cad_files = self.cad_files

        gla_package: dict[str, Any] | None
        if isinstance(self.gla_package, GlaPackage):
            gla_package = self.gla_package.to_dict()
        else:
            gla_package = self.gla_package

        home_report: dict[str, Any] | None
        if isinstance(self.home_report, HomeReport):
            home_report = self.home_report.to_dict()
        else:
            home_report = self.home_report

        snapshot: dict[str, Any] | None
        if isinstance(self.snapshot, Snapshot):
            snapshot = self.snapshot.to_dict()
        else:
            snapshot = self.snapshot

        property_data: dict[str, Any] | None
        if isinstance(self.property_data, PropertyData):
            property_data = self.property_data.to_dict()
        else:
            property_data = self.property_data

        tour: dict[str, Any] | None
        if isinstance(self.tour, Tour):
            tour = self.tour.to_dict()
        else:
            tour = self.tour

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if listing_floorplans is not None:
            field_dict["listing_floorplans"] = listing_floorplans
        if floorplans_3d is not None:
            field_dict["floorplans_3d"] = floorplans_3d
        if video_3d is not None:
            field_dict["video_3d"] = video_3d
        if cad_files is not None:
            field_dict["cad_files"] = cad_files
        if gla_package is not None:
            field_dict["gla_package"] = gla_package
        if home_report is not None:
            field_dict["home_report"] = home_report
        if snapshot is not None:
            field_dict["snapshot"] = snapshot
        if property_data is not None:
            field_dict["property_data"] = property_data
        if tour is not None:
            field_dict["tour"] = tour

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_listing_floorplans(data: object) -> ListingFloorplans | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                listing_floorplans_type_0 = ListingFloorplans.from_dict(data)

                return listing_floorplans_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ListingFloorplans | None, data)

        listing_floorplans = _parse_listing_floorplans(d.pop("listing_floorplans", None))

        def _parse_floorplans_3d(data: object) -> Floorplans3D | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                floorplans_3d_type_0 = Floorplans3D.from_dict(data)

                return floorplans_3d_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Floorplans3D | None, data)

        floorplans_3d = _parse_floorplans_3d(d.pop("floorplans_3d", None))

        def _parse_video_3d(data: object) -> None | Video3D:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                video_3d_type_0 = Video3D.from_dict(data)

                return video_3d_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Video3D, data)

        video_3d = _parse_video_3d(d.pop("video_3d", None))

        def _parse_cad_files(data: object) -> CadFiles | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cad_files_type_0 = CadFiles.from_dict(data)

                return cad_files_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CadFiles | None, data)

        cad_files = _parse_cad_files(d.pop("cad_files", None))

        def _parse_gla_package(data: object) -> GlaPackage | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                gla_package_type_0 = GlaPackage.from_dict(data)

                return gla_package_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GlaPackage | None, data)

        gla_package = _parse_gla_package(d.pop("gla_package", None))

        def _parse_home_report(data: object) -> HomeReport | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                home_report_type_0 = HomeReport.from_dict(data)

                return home_report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HomeReport | None, data)

        home_report = _parse_home_report(d.pop("home_report", None))

        def _parse_snapshot(data: object) -> None | Snapshot:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                snapshot_type_0 = Snapshot.from_dict(data)

                return snapshot_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Snapshot, data)

        snapshot = _parse_snapshot(d.pop("snapshot", None))

        def _parse_property_data(data: object) -> None | PropertyData:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                property_data_type_0 = PropertyData.from_dict(data)

                return property_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PropertyData, data)

        property_data = _parse_property_data(d.pop("property_data", None))

        def _parse_tour(data: object) -> None | Tour:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tour_type_0 = Tour.from_dict(data)

                return tour_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Tour, data)

        tour = _parse_tour(d.pop("tour", None))

        delivery_assets = cls(
            listing_floorplans=listing_floorplans,
            floorplans_3d=floorplans_3d,
            video_3d=video_3d,
            cad_files=cad_files,
            gla_package=gla_package,
            home_report=home_report,
            snapshot=snapshot,
            property_data=property_data,
            tour=tour,
        )

        return delivery_assets


from ..models.cad_files import CadFiles
from ..models.floorplans_3d import Floorplans3D
from ..models.gla_package import GlaPackage
from ..models.home_report import HomeReport
from ..models.listing_floorplans import ListingFloorplans
from ..models.property_data import PropertyData
from ..models.snapshot import Snapshot
from ..models.tour import Tour
from ..models.video_3d import Video3D
