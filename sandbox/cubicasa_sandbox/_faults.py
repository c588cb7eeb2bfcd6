"""Fault injection: what can go wrong, how it is written, and which request it hits.

A fault is written `kind[;param=value]...`, for example `503`, `429;retry_after=2`, `latency;ms=250`,
`drop_after`, `slow;seconds=3`, `webhook_duplicate;copies=3`. Rule parameters may follow in the same string:
`route=<operationId>|downloadAsset|*` (default `*`), `times=N` (default: unlimited) and `p=<probability>`
(default 1, drawn from a generator seeded by the sandbox seed and the rule, so runs repeat).

Kinds, in the order a request meets them:

* `latency;ms=N` (before anything): the normal response, N ms late. Applied.
* `429;retry_after=S` (before the body is read): 429, JSON `{"detail": ...}`, `Retry-After: S` (default 1).
  Not applied.
* `500` .. `599`, any 5xx, optionally `;retry_after=S` (before the body is read): that status, JSON
  `{"detail": ...}`. Not applied.
* `html_502` (before the body is read): 502 with an HTML page (`text/html`), like a load balancer. Not applied.
* `drop_before` (before the operation; the request is read to its end first, so the close is a clean FIN, never
  a reset): the connection is closed, no response byte. Not applied.
* `drop_after` (after the operation is applied): the connection is closed, no response byte. Applied.
* `drop_during;bytes=N` (after the operation is applied): status and headers (with the full Content-Length),
  N body bytes (default half), then the connection is closed. Applied.
* `truncate;bytes=N` (after the operation is applied): a complete HTTP response with the right status whose JSON
  body is cut to N bytes (default half), with a matching Content-Length. Applied.
* `slow;seconds=S` (after the operation is applied): the normal response, S seconds late, so a client timeout
  shorter than S fires. Applied.
* `webhook_duplicate;copies=N` (when webhooks fire): every webhook event the request triggers is delivered N
  times (default 2). Applied.

"Applied" tells whether the operation (a purchase, say) took place: the ledger shows it either way.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ASSET_ROUTE",
    "FAULT_HEADER",
    "STATUS_ROUTE",
    "Fault",
    "FaultDecision",
    "FaultPlan",
    "FaultRule",
    "FaultSpecError",
    "parse_fault",
    "parse_rules",
]

FAULT_HEADER = "x-sandbox-fault"
ASSET_ROUTE = "downloadAsset"
"""The route name of asset downloads (`/_sandbox/assets/...`) in fault rules."""
STATUS_ROUTE = "setOrderStatus"
"""The route name of `POST /_sandbox/orders/{id}/status` in fault rules (only `webhook_duplicate` applies)."""

Phase = Literal["delay", "pre", "post", "webhook"]
_PHASES: dict[str, Phase] = {
    "latency": "delay",
    "429": "pre",
    "html_502": "pre",
    "drop_before": "pre",
    "drop_after": "post",
    "drop_during": "post",
    "truncate": "post",
    "slow": "post",
    "webhook_duplicate": "webhook",
}
_PARAMS: dict[str, dict[str, type]] = {
    "latency": {"ms": float},
    "429": {"retry_after": int},
    "html_502": {},
    "drop_before": {},
    "drop_after": {},
    "drop_during": {"bytes": int},
    "truncate": {"bytes": int},
    "slow": {"seconds": float},
    "webhook_duplicate": {"copies": int},
}
_SERVER_ERROR_PARAMS: dict[str, type] = {"retry_after": int}
_RULE_PARAMS = ("route", "times", "p")


class FaultSpecError(ValueError):
    """A fault or rule string that cannot be understood."""


@dataclass(frozen=True)
class Fault:
    kind: str
    params: Mapping[str, float] = field(default_factory=dict)

    @property
    def phase(self) -> Phase:
        return _PHASES.get(self.kind, "pre")

    @property
    def status(self) -> int | None:
        """The HTTP status of a status fault (429 or 5xx)."""
        return int(self.kind) if self.kind.isdigit() else None

    def param(self, name: str, default: float) -> float:
        return float(self.params.get(name, default))

    def __str__(self) -> str:
        return ";".join([self.kind, *(f"{k}={_fmt(v)}" for k, v in self.params.items())])


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class FaultRule:
    """A fault, where it applies (`route`), how often (`times`, None = always) and how likely (`probability`)."""

    fault: Fault
    route: str = "*"
    times: int | None = None
    probability: float = 1.0

    def __post_init__(self) -> None:
        if self.times is not None and self.times < 0:
            raise FaultSpecError(f"times must be >= 0: {self.times}")
        if not 0.0 <= self.probability <= 1.0:
            raise FaultSpecError(f"p must be within [0, 1]: {self.probability}")

    def __str__(self) -> str:
        parts = [str(self.fault)]
        if self.route != "*":
            parts.append(f"route={self.route}")
        if self.times is not None:
            parts.append(f"times={self.times}")
        if self.probability != 1.0:
            parts.append(f"p={self.probability}")
        return ";".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "fault": str(self.fault),
            "route": self.route,
            "times": self.times,
            "p": self.probability,
            "spec": str(self),
        }


def _number(name: str, text: str, kind: type) -> float:
    try:
        value = float(int(text)) if kind is int else float(text)
    except ValueError:
        raise FaultSpecError(f"{name} must be {'an integer' if kind is int else 'a number'}: {text!r}") from None
    if value < 0:
        raise FaultSpecError(f"{name} must be >= 0: {text!r}")
    return value


def parse_fault(text: str) -> FaultRule:
    """Parse one `kind[;param=value]...` string (fault and rule parameters) into a rule."""
    parts = [part.strip() for part in text.strip().split(";") if part.strip()]
    if not parts:
        raise FaultSpecError("empty fault")
    kind = parts[0].lower()
    if kind.isdigit():
        status = int(kind)
        if status != 429 and not 500 <= status <= 599:
            raise FaultSpecError(f"a status fault must be 429 or 5xx: {kind}")
        allowed = _PARAMS["429"] if status == 429 else _SERVER_ERROR_PARAMS
    elif kind in _PARAMS:
        allowed = _PARAMS[kind]
    else:
        known = ", ".join([*_PARAMS, "500..599"])
        raise FaultSpecError(f"unknown fault {kind!r} (known: {known})")
    params: dict[str, float] = {}
    route, times, probability = "*", None, 1.0
    for part in parts[1:]:
        name, sep, value = part.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not sep:
            raise FaultSpecError(f"expected name=value, got {part!r}")
        if name == "route":
            route = value
        elif name == "times":
            times = int(_number(name, value, int))
        elif name == "p":
            probability = _number(name, value, float)
        elif name in allowed:
            params[name] = _number(name, value, allowed[name])
        else:
            raise FaultSpecError(
                f"{kind} takes no parameter {name!r} (it takes: {', '.join([*allowed, *_RULE_PARAMS])})"
            )
    return FaultRule(Fault(kind, params), route=route, times=times, probability=probability)


def parse_rules(text: str) -> list[FaultRule]:
    """Parse a comma-separated list of rules, e.g. the value of the `x-sandbox-fault` header."""
    return [parse_fault(item) for item in text.split(",") if item.strip()]


@dataclass(frozen=True)
class FaultDecision:
    """The faults that hit one request, at most one per phase."""

    delay: Fault | None = None
    pre: Fault | None = None
    post: Fault | None = None
    webhook: Fault | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(str(f) for f in (self.delay, self.pre, self.post, self.webhook) if f is not None)

    def __bool__(self) -> bool:
        return bool(self.names)


@dataclass
class _Armed:
    rule: FaultRule
    remaining: int | None
    rng: random.Random
    fired: int = 0


class FaultPlan:
    """Rules from the configuration or the control endpoint, plus the ones armed by `x-sandbox-fault` headers.

    Plan rules are tried in order. A header arms its rules the first time the sandbox sees that exact header
    value on a route; `times=N` then counts the requests that carry it (so a client retrying with the same
    header meets the fault N times and then succeeds), and without `times` every request carrying it is hit.
    """

    def __init__(self, seed: int, routes: Iterable[str]) -> None:
        self._seed = seed
        self._routes = frozenset([*routes, ASSET_ROUTE, STATUS_ROUTE, "*"])
        self._lock = threading.Lock()
        self._plan: list[_Armed] = []
        self._headers: dict[tuple[str, str], list[_Armed]] = {}

    def _arm(self, rule: FaultRule, salt: str) -> _Armed:
        if rule.route not in self._routes:
            raise FaultSpecError(f"unknown route {rule.route!r} (known: {', '.join(sorted(self._routes))})")
        return _Armed(rule, rule.times, random.Random(f"{self._seed}|{salt}|{rule}"))

    def replace(self, rules: Iterable[FaultRule]) -> None:
        armed = [self._arm(rule, f"plan{index}") for index, rule in enumerate(rules)]
        with self._lock:
            self._plan = armed

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._plan.append(self._arm(rule, f"plan{len(self._plan)}"))

    def clear(self) -> None:
        with self._lock:
            self._plan = []
            self._headers = {}

    def rules(self) -> list[dict[str, object]]:
        with self._lock:
            return [
                {**armed.rule.to_dict(), "remaining": armed.remaining, "fired": armed.fired} for armed in self._plan
            ]

    def decide(self, route: str, header: str | None, phases: frozenset[Phase] | None = None) -> FaultDecision:
        """Consume the rules that hit this request (only those of `phases`, if given).

        Raises FaultSpecError for a bad header."""
        chosen: dict[Phase, Fault] = {}
        with self._lock:
            candidates = list(self._plan)
            if header:
                key = (header.strip(), route)
                armed = self._headers.get(key)
                if armed is None:
                    armed = [self._arm(rule, f"header|{header}") for rule in parse_rules(header)]
                    self._headers[key] = armed
                candidates = armed + candidates
            for item in candidates:
                rule = item.rule
                if rule.route not in ("*", route) or item.remaining == 0:
                    continue
                phase = rule.fault.phase
                if phase in chosen or (phases is not None and phase not in phases):
                    continue
                if rule.probability < 1.0 and item.rng.random() >= rule.probability:
                    continue
                if item.remaining is not None:
                    item.remaining -= 1
                item.fired += 1
                chosen[phase] = rule.fault
        return FaultDecision(
            delay=chosen.get("delay"), pre=chosen.get("pre"), post=chosen.get("post"), webhook=chosen.get("webhook")
        )
