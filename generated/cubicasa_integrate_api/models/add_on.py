from enum import StrEnum


class AddOn(StrEnum):
    CAD_FILES_3D = "3d_cad_files"
    GLA = "gla"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "AddOn | None":
        # Open enum: a value the spec does not list yet becomes a pseudo-member equal to its string (msgspec's
        # decode asks here too), not a ValueError failing the whole call; list(AddOn) is unchanged.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_, member._value_ = "UNKNOWN", value
        return member
