from enum import StrEnum


class PackageType(StrEnum):
    BASE = "base"
    PLUS = "plus"
    PLUS_3D = "plus_3d"

    def __str__(self) -> str:
        return str(self.value)
