"""A third-party style plugin for the tests: a CSV format and a second HTML format (-p extra_format)."""

from goudenregels import hookimpl
from goudenregels.model import Reporter


def render(audit, options):
    lines = ["code,status"] + [f"{f.code},{f.status}" for f in audit.findings]
    return "\n".join(lines) + "\n"


def render_short(audit, options):
    return f"<!doctype html><title>short</title><p>{audit.scores.overall}</p>\n"


@hookimpl
def goudenregels_reporters():
    return [
        Reporter("csv", "csv", render, "one line per check"),
        Reporter("short-html", "html", render_short, "a second HTML format"),
    ]
