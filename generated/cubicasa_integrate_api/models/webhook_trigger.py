from enum import StrEnum


class WebhookTrigger(StrEnum):
    MOVED_TO_DRAFT = "moved_to_draft"
    MOVED_TO_FAILED = "moved_to_failed"
    MOVED_TO_FIXING = "moved_to_fixing"
    MOVED_TO_PENDING = "moved_to_pending"
    MOVED_TO_READY = "moved_to_ready"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "WebhookTrigger | None":
        # Open enum: a value the spec does not list yet becomes a pseudo-member equal to its string (msgspec's
        # decode asks here too), not a ValueError failing the whole call; list(WebhookTrigger) is unchanged.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_, member._value_ = "UNKNOWN", value
        return member
