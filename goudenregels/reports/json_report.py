"""The JSON reporter: the public, schema'd form of an audit (``schema/audit.schema.json``)."""

from __future__ import annotations

import json
from typing import Any

from goudenregels.hookspecs import hookimpl
from goudenregels.model import Reporter


def render(audit: Any, options: dict[str, Any]) -> str:
    return json.dumps(audit.to_dict(), indent=2, ensure_ascii=False) + "\n"


@hookimpl
def goudenregels_reporters():
    return [Reporter("json", "json", render, "machine-readable result (schema_version 1)")]
