from enum import StrEnum


class WebhookTrigger(StrEnum):
    MOVED_TO_DRAFT = "moved_to_draft"
    MOVED_TO_FAILED = "moved_to_failed"
    MOVED_TO_FIXING = "moved_to_fixing"
    MOVED_TO_PENDING = "moved_to_pending"
    MOVED_TO_READY = "moved_to_ready"

    def __str__(self) -> str:
        return str(self.value)
