from enum import StrEnum


class AddOn(StrEnum):
    CAD_FILES_3D = "3d_cad_files"
    GLA = "gla"

    def __str__(self) -> str:
        return str(self.value)
