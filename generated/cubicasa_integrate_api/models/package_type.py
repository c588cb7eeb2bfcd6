from enum import StrEnum


class PackageType(StrEnum):
    BASE = "base"
    PLUS = "plus"
    PLUS_3D = "plus_3d"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "PackageType | None":
        # Open enum: a value the spec does not list yet (a new status, add-on, ...) becomes a pseudo-member that
        # equals its string and survives to_dict(), instead of a ValueError that fails the whole call.
        # It is not added to the members, so list(PackageType) stays what the spec documents.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
