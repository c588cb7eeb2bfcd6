"""MkDocs hooks (mkdocs.yml `hooks:`): the page the docs site renders from the spec at build time.

`reference/http-api.md` is openapi/cubicasa-integrate-v3.yaml rendered by tools/http_reference.py: static HTML in
the site's theme, searchable, and never a copy that goes stale (no file of it is kept in docs/).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["on_files"]

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
HTTP_API = "reference/http-api.md"


def on_files(files: Any, config: Any) -> Any:
    """Add the HTTP API page, rendered from the spec (no file of it is kept in docs/)."""
    import yaml
    from mkdocs.structure.files import File

    sys.path.insert(0, str(ROOT / "tools"))
    from http_reference import markdown

    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    files.append(File.generated(config, HTTP_API, content=markdown(spec)))
    return files
