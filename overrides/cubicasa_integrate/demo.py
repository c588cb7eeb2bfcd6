"""The README's main job: buy the GLA add-on for the documented example order, through the real client.

No network is used: the client is pointed at an in-process transport that answers with the documented
"Upgrade order" response, so what you see is exactly what the generated client makes of CubiCasa's example.

    python -m cubicasa_integrate.demo
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from typing import TextIO

import httpx

from cubicasa_integrate_api.api.orders import upgrade_order
from cubicasa_integrate_api.models import AddOn, Order, UpgradeOrderRequest

from ._client_factory import make_generated_client

__all__ = ["documented_example", "main"]

DEMO_KEY = "demo-key-not-a-real-key"


def documented_example(name: str) -> bytes:
    """The bytes of one documented example shipped in cubicasa_integrate/_examples/."""
    return files("cubicasa_integrate").joinpath("_examples", name).read_bytes()


def _documented_api(request: httpx.Request) -> httpx.Response:
    if request.headers.get("api-key") != DEMO_KEY:
        return httpx.Response(401, json={"detail": "missing or wrong api-key"})
    return httpx.Response(200, content=documented_example("upgrade_order.response.json"))


def main(out: TextIO = sys.stdout) -> int:
    client = make_generated_client(DEMO_KEY, httpx_args={"transport": httpx.MockTransport(_documented_api)})
    with client:
        order = upgrade_order.sync(
            "312babc6-e742-4d54-ac49-e0f7b16ec15a",
            client=client,
            body=UpgradeOrderRequest(package_type=None, add_ons=[AddOn.GLA]),
        )
    if not isinstance(order, Order):
        print(f"unexpected response: {order!r}", file=out)
        return 1
    product = order.info.product
    print(f"order {order.id}: status {order.info.status}", file=out)
    if product:
        print(f"  package {product.package_type}, add-ons {[str(a) for a in product.add_ons or []]}", file=out)
    print(json.dumps(order.to_dict(), indent=2, ensure_ascii=False), file=out)
    round_trip = order.to_dict() == json.loads(documented_example("upgrade_order.response.json"))
    print(f"round trip through the generated Order model: {'exact' if round_trip else 'DIFFERENT'}", file=out)
    return 0 if round_trip else 1


if __name__ == "__main__":
    sys.exit(main())
