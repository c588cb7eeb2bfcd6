"""What `orders.upgrade` returns: the API's Order, and what the call did with it (`.purchase`).

A module of its own because UpgradedOrder subclasses the generated Order, which `orders` imports only on the
first call that needs it (so that `import cubicasa_integrate` does not load the models).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from attrs import define, field, fields

from cubicasa_integrate_api.models import Order

__all__ = ["PurchaseOutcome", "UpgradedOrder", "upgraded"]


@dataclass(frozen=True)
class PurchaseOutcome:
    """What one `orders.upgrade` call did.

    `sent` is False when no purchase request was sent: the order already showed everything asked for, so
    nothing was bought (and nothing charged). `bought` is what the request asked for and the API confirmed
    (add-on names, and `package <name>`); `already_had` is what was asked for but not bought again because the
    order already showed it (empty with force=True, which sends everything asked for).
    """

    sent: bool
    bought: tuple[str, ...]
    already_had: tuple[str, ...]


@define(eq=False)  # no comparison of its own: two UpgradedOrders compare as their Order data does
class UpgradedOrder(Order):
    """An Order (every attribute, to_dict(), isinstance) with `purchase`: what the upgrade call did."""

    purchase: PurchaseOutcome = field(kw_only=True)


def upgraded(order: Order, purchase: PurchaseOutcome) -> UpgradedOrder:
    """`order` as an UpgradedOrder: the same values (copied by attrs field, so a regenerated Order carries over)."""
    values: dict[str, Any] = {str(a.alias): getattr(order, a.name) for a in fields(Order) if a.init}
    result = UpgradedOrder(**values, purchase=purchase)
    for attribute in fields(Order):
        if not attribute.init:  # additional_properties: the keys the spec does not list
            setattr(result, attribute.name, getattr(order, attribute.name))
    return result
