"""Fail on YAML flow mappings whose free text is not quoted.

    python tools/check_flow_descriptions.py [FILE ...]   # default: openapi/cubicasa-integrate-v3.yaml

In a flow mapping a comma ends the value: `{type: number, description: Unix timestamp (seconds, float)}` parses
as `description: "Unix timestamp (seconds"` plus a stray key `float)` with a null value. In OpenAPI 3.1 a schema
accepts unknown keys, so neither the generator nor the validators notice, and the stray key even lands in the
generated code. Spectral and Redocly only see the parsed document, so this check works on the YAML token stream:

* `description`, `summary` or `title` inside a flow mapping must have a quoted value (even without a comma today:
  the next edit may add one);
* every entry of a flow mapping must be `key: value` (a bare entry is what a split value leaves behind).

Exit status: 0 when clean, 1 with one `file:line:column: message` per finding.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
FREE_TEXT_KEYS = frozenset({"description", "summary", "title"})

_OPEN = (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def findings(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (line, column, message) for every unquoted flow-style free text and bare flow-mapping entry (1-based)."""
    tokens = list(yaml.scan(text, Loader=yaml.SafeLoader))
    stack: list[type[yaml.Token]] = []  # open flow collections, innermost last
    for index, token in enumerate(tokens):
        previous = tokens[index - 1] if index else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if isinstance(token, _OPEN):
            stack.append(type(token))
        elif isinstance(token, _CLOSE):
            stack.pop()
        if not stack or stack[-1] is not yaml.FlowMappingStartToken:
            continue
        where = (token.start_mark.line + 1, token.start_mark.column + 1)
        if (
            isinstance(token, yaml.ScalarToken)
            and isinstance(previous, (yaml.FlowMappingStartToken, yaml.FlowEntryToken))
            and not isinstance(following, yaml.ValueToken)
        ):
            yield (*where, f"flow-mapping entry {token.value!r} has no value (a comma in an unquoted value?)")
        if (
            isinstance(token, yaml.ScalarToken)
            and isinstance(previous, yaml.KeyToken)
            and token.value in FREE_TEXT_KEYS
            and isinstance(following, yaml.ValueToken)
        ):
            value = tokens[index + 2] if index + 2 < len(tokens) else None
            if isinstance(value, yaml.ScalarToken) and value.plain:
                yield (*where, f"unquoted {token.value} in a flow mapping: quote it (a comma would split it)")


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [DEFAULT_SPEC]
    failed = False
    for path in paths:
        try:
            found = list(findings(path.read_text(encoding="utf-8")))
        except yaml.YAMLError as error:
            print(f"{path}: not valid YAML: {error}")
            failed = True
            continue
        for line, column, message in found:
            print(f"{path}:{line}:{column}: {message}")
        failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
