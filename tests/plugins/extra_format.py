"""A third-party style plugin for the tests: a CSV output format, loaded with -p extra_format."""

from goudenregels import hookimpl
from goudenregels.model import Reporter


def render(audit, options):
    lines = ["code,status"] + [f"{f.code},{f.status}" for f in audit.findings]
    return "\n".join(lines) + "\n"


@hookimpl
def goudenregels_reporters():
    return [Reporter("csv", "csv", render, "one line per check")]
