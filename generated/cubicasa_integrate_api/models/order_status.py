from enum import StrEnum


class OrderStatus(StrEnum):
    DRAFT = "Draft"
    FIXING = "Fixing"
    NEW = "New"
    PENDING = "Pending"
    READY = "Ready"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "OrderStatus | None":
        # Open enum: a value the spec does not list yet becomes a pseudo-member equal to its string (msgspec's
        # decode asks here too), not a ValueError failing the whole call; list(OrderStatus) is unchanged.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_, member._value_ = "UNKNOWN", value
        return member
