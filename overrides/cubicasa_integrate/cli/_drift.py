"""`cubicasa drift propose --from REPORT.json`: the spec change a drift report suggests, as a patch.

The patch goes to stdout (redirect it to a file and `git apply` it), what a human must decide to stderr, so the
patch stays clean. A report in another format, or a file that is no report, is refused in one line (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..drift_proposal import ReportError, propose
from ..errors import ConfigurationError
from ._render import clean

__all__ = ["SPEC_RELATIVE", "find_spec", "make_drift_command"]

SPEC_RELATIVE = Path("openapi", "cubicasa-integrate-v3.yaml")
"""Where a checkout of cubicasa-integrate keeps the spec (a plain install has none: --spec is required then)."""


def find_spec(start: Path) -> Path | None:
    """The repository's spec in `start` or the nearest directory above it that has one."""
    for folder in (start, *start.parents):
        candidate = folder / SPEC_RELATIVE
        if candidate.is_file():
            return candidate
    return None


def _label(spec: Path) -> str:
    """The spec's path as the patch names it: relative to the current directory when below it (so `git apply`
    from the checkout's root finds it), else its file name."""
    try:
        return spec.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return spec.name


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigurationError(f"cannot read the {what} {clean(str(path))}: {error.strerror or error}") from None


def make_drift_command() -> click.Group:
    @click.group("drift")
    def drift() -> None:
        """Turn what the drift radar saw (client.drift) into a change of the OpenAPI spec."""

    @drift.command("propose")
    @click.option(
        "--from",
        "report",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The drift report (JSON, format cubicasa-drift/1).",
    )
    @click.option(
        "--spec",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The spec to patch (default: openapi/cubicasa-integrate-v3.yaml of the checkout around the current "
        "directory).",
    )
    def propose_command(report: Path, spec: Path | None) -> None:
        """Print a patch of the spec (stdout) adding the fields and enum values the report saw, and what a human
        must decide (stderr): type conflicts and missing fields are never changed automatically."""
        data = _read(report, "report")
        if spec is None:
            spec = find_spec(Path.cwd())
            if spec is None:
                raise ConfigurationError(f"no {SPEC_RELATIVE.as_posix()} here or above: pass --spec PATH")
            label = SPEC_RELATIVE.as_posix()  # for `git apply` at the root of the checkout that holds it
        else:
            label = _label(spec)
        spec_bytes = _read(spec, "spec")
        try:
            proposal = propose(data, spec_bytes.decode("utf-8"), label)
        except UnicodeDecodeError:
            raise ConfigurationError(f"the spec {clean(str(spec))} is not UTF-8 text") from None
        except ReportError as error:
            raise ConfigurationError(f"{clean(str(report))}: {error}") from None
        for note in proposal.notes:
            click.echo(f"note: {clean(note)}", err=True)
        if not proposal.patch:
            click.echo("note: no spec change proposed", err=True)
        sys.stdout.write(proposal.patch)
        sys.stdout.flush()

    return drift
