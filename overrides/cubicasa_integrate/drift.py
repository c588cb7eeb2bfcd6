"""The drift radar's report: what CubiCasa sent that the spec of this client does not describe.

    from cubicasa_integrate import CubiCasa

    client = CubiCasa()
    ...                                  # calls as usual
    print(client.drift.to_json())        # or cubicasa_integrate.drift.report(): the same, process-wide

See the README (DRIFT) for what is recorded and what to do with it; cubicasa_integrate._drift for how.
"""

from ._drift import FORMAT, MAX_FINDINGS, DriftReport, Finding, report

__all__ = ["FORMAT", "MAX_FINDINGS", "DriftReport", "Finding", "report"]
