"""The reliability tier's running count: faults tried, calls made, purchases applied, duplicates, lost.

One `TALLY` per test process. Under pytest-xdist every worker counts its own share; tests/conftest.py sends
each worker's count to the controller and prints the sum, so the summary line covers the whole tier however
the tests were distributed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["TALLY", "Tally"]


@dataclass
class Tally:
    faults: set[str] = field(default_factory=set)
    calls: int = 0
    purchases_applied: int = 0
    duplicates: int = 0
    lost: int = 0

    def line(self) -> str:
        return (
            f"reliability: {len(self.faults)} faults tried, {self.calls} calls made, "
            f"{self.purchases_applied} purchases applied, {self.duplicates} duplicates, {self.lost} lost"
        )

    def to_json(self) -> dict[str, Any]:
        """A form execnet can carry from an xdist worker to the controller."""
        return {
            "faults": sorted(self.faults),
            "calls": self.calls,
            "purchases_applied": self.purchases_applied,
            "duplicates": self.duplicates,
            "lost": self.lost,
        }

    def add(self, other: dict[str, Any]) -> None:
        self.faults.update(other["faults"])
        self.calls += other["calls"]
        self.purchases_applied += other["purchases_applied"]
        self.duplicates += other["duplicates"]
        self.lost += other["lost"]


TALLY = Tally()
