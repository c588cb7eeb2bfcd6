"""The drift radar's report: what CubiCasa sent that the spec of this client does not describe.

    from cubicasa_integrate import CubiCasa, drift

    client = CubiCasa()
    ...                                  # calls as usual
    print(client.drift.to_json())        # or drift.report(): the same, process-wide (API responses)
    print(drift.webhook_report().to_json())   # what webhook bodies held: kept apart, nothing signs them

See the README (DRIFT) for what is recorded and what to do with it; cubicasa_integrate._drift for how.
"""

from ._drift import FORMAT, MAX_FINDINGS, MAX_WEBHOOK_FINDINGS, DriftReport, Finding, report, webhook_report

__all__ = ["FORMAT", "MAX_FINDINGS", "MAX_WEBHOOK_FINDINGS", "DriftReport", "Finding", "report", "webhook_report"]
