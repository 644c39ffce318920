"""Small units: no function in the package is longer than MAX_LINES, counted from ``def`` to its end.

A long function is split into named steps (issue 9, item 7). Decorators do not count; nested
functions and methods are measured on their own, and also count towards the function around them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "goudenregels"
MAX_LINES = 60


def _long_functions(root: Path, limit: int) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    where = path.relative_to(root.parent)
                    found.append(f"{where}:{node.lineno} {node.name} is {length} lines")
    return found


def test_no_function_is_longer_than_the_limit() -> None:
    assert _long_functions(PACKAGE, MAX_LINES) == [], f"split into steps of <= {MAX_LINES} lines"


def test_a_long_function_is_named_with_its_length(tmp_path) -> None:
    (tmp_path / "pkg").mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    (tmp_path / "pkg" / "m.py").write_text(
        f"def short():\n    return 1\n\n\nasync def long():\n{body}", encoding="utf-8"
    )
    assert _long_functions(tmp_path / "pkg", MAX_LINES) == [
        f"pkg/m.py:5 long is {MAX_LINES + 1} lines"
    ]
