from enum import StrEnum
from typing import ClassVar

from ..types import drift_enum


class AddOn(StrEnum):
    CAD_FILES_3D = "3d_cad_files"
    GLA = "gla"

    _by_value: ClassVar["_AddOnByValue"]
    """ Members by value, for decoding: one dict lookup instead of an Enum call (about 10x faster on 3.11). """

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "AddOn | None":
        # Open enum: a value the spec does not list yet (a new status, add-on, ...) becomes a pseudo-member that
        # equals its string and survives to_dict(), instead of a ValueError that fails the whole call.
        # It is not added to the members, so list(AddOn) stays what the spec documents.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


class _AddOnByValue(dict[str, AddOn]):
    def __missing__(self, value: str) -> AddOn:
        # Only decoding looks values up here, not a caller's own Enum call: a value the spec does not list is drift,
        # told to the radar (types.drift_hook) once the Enum call has accepted it as a string.
        member = AddOn(value)
        drift_enum("AddOn", value)
        return member


AddOn._by_value = _AddOnByValue((member.value, member) for member in AddOn)
