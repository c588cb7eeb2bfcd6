from enum import StrEnum


class OrderStatus(StrEnum):
    DRAFT = "Draft"
    FIXING = "Fixing"
    NEW = "New"
    PENDING = "Pending"
    READY = "Ready"

    def __str__(self) -> str:
        return str(self.value)
