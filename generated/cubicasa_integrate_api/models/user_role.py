from enum import StrEnum


class UserRole(StrEnum):
    COLLABORATOR = "Collaborator"
    MANAGER = "Manager"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
