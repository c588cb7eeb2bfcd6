"""Run by `make crosslang` (tools/crosslang.py): decode the evolved payloads with openapi-generator's python models.

    python decode.py <generated client folder> <evolved payload folder>

Only the pydantic models are imported (the package `__init__` would import the urllib3/dateutil transport, which
is not what this proves): a model that rejects an unknown enum value or an extra field raises here, and a
known value that does not decode to its enum fails.
"""

from __future__ import annotations

import enum
import importlib
import json
import sys
import types
from pathlib import Path
from typing import Any

__all__ = ["main"]

PACKAGE = "openapi_client"


def model(client: Path, module: str, name: str) -> Any:
    if PACKAGE not in sys.modules:
        package = types.ModuleType(PACKAGE)
        package.__path__ = [str(client / PACKAGE)]
        sys.modules[PACKAGE] = package
    return getattr(importlib.import_module(f"{PACKAGE}.models.{module}"), name)


def value(field: Any) -> Any:
    """The value inside an anyOf wrapper (`actual_instance`), as a plain string."""
    inner = getattr(field, "actual_instance", field)
    return getattr(inner, "value", inner)


def main(client: Path, payloads: Path) -> int:
    order = model(client, "order", "Order").from_dict(json.loads((payloads / "order.json").read_text()))
    event = model(client, "order_status_event", "OrderStatusEvent").from_dict(
        json.loads((payloads / "order-status-event.json").read_text())
    )
    config = model(client, "webhook_config", "WebhookConfig").from_dict(
        json.loads((payloads / "webhook-config.json").read_text())
    )
    decoded = {
        "order status": value(order.info.status),
        "order package": value(order.info.product.package_type),
        "order add-ons": [value(a) for a in order.info.product.add_ons],
        "event status": value(event.current_status),
        "event product": value(event.product_type),
        "webhook triggers": [value(t) for t in config.webhook_triggers],
    }
    # The open form must still show the known values: a known add-on arrives as the AddOn enum, not a bare str.
    known = getattr(order.info.product.add_ons[0], "actual_instance", None)
    if not isinstance(known, enum.Enum) or type(known).__name__ != "AddOn":
        sys.stderr.write(f"order.json: the known add-on gla decoded to {known!r}, not to the AddOn enum\n")
        return 1
    sys.stdout.write(json.dumps(decoded) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
