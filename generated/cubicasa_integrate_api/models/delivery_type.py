from enum import StrEnum


class DeliveryType(StrEnum):
    NEW = "new"

    def __str__(self) -> str:
        return str(self.value)
