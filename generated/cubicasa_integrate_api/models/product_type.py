from enum import StrEnum


class ProductType(StrEnum):
    PRODUCTS_2D = "products_2d"
    PRODUCTS_3D = "products_3d"
    TOUR = "tour"

    def __str__(self) -> str:
        return str(self.value)
