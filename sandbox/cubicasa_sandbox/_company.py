"""The company the sandbox's api-key belongs to: its users and its webhook settings."""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Mapping
from typing import Any

from ._model import InvalidRequest, now
from ._orders import seed_users
from ._spec import ErrorItem

__all__ = ["Company"]


class Company:
    """Users (`listUsers`, `addUser`, the owners of drafts) and webhook URLs and triggers (`updateWebhooks`)."""

    def __init__(self, lock: threading.RLock, webhook_urls: tuple[str, ...], webhook_triggers: tuple[str, ...]):
        self._lock = lock
        self._initial_webhooks = {"webhook_urls": list(webhook_urls), "webhook_triggers": list(webhook_triggers)}
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._users: list[dict[str, Any]] = seed_users()
            self.seed_emails = [user["email"] for user in self._users]
            self._webhooks: dict[str, list[str]] = copy.deepcopy(self._initial_webhooks)

    @property
    def users(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._users)

    def owner(self, body: Mapping[str, Any]) -> str:
        """The draft's `owner_email`, which must be a user of the company (else InvalidRequest)."""
        email = str(body["owner_email"])
        with self._lock:
            if any(user["email"] == email for user in self._users):
                return email
        raise InvalidRequest(
            [
                ErrorItem(
                    "body_params",
                    ("owner_email",),
                    "no user with this e-mail in the company",
                    "value_error.owner_email",
                )
            ]
        )

    def add_user(self, body: Mapping[str, Any]) -> dict[str, Any]:
        with self._lock:
            email = str(body["email"])
            if any(user["email"] == email for user in self._users):
                raise InvalidRequest(
                    [
                        ErrorItem(
                            "body_params",
                            ("email",),
                            "a user with this e-mail already exists",
                            "value_error.email_taken",
                        )
                    ]
                )
            user = {
                "id": str(uuid.uuid4()),
                "email": email,
                "name": None,
                "surname": None,
                "role": body.get("role", "User"),
                "email_confirmed": "password" in body,
                "created_at": now(),
            }
            self._users.append(user)
        message = (
            "User was created with the given password."
            if "password" in body
            else "Invitation email was sent to user email and needs to be finished before first login."
        )
        return {"email": email, "id": user["id"], "message": message, "role": user["role"]}

    @property
    def webhooks(self) -> dict[str, list[str]]:
        """`{"webhook_urls": [...], "webhook_triggers": [...]}`, a copy."""
        with self._lock:
            return copy.deepcopy(self._webhooks)

    def update_webhooks(self, body: Mapping[str, Any]) -> dict[str, list[str]]:
        """Replace the webhook URLs and/or triggers (a key that is absent keeps its value)."""
        with self._lock:
            for key in ("webhook_urls", "webhook_triggers"):
                if key in body:
                    self._webhooks[key] = list(body[key])
            return copy.deepcopy(self._webhooks)
