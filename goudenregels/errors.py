"""Errors the command line turns into one-line messages and documented exit codes."""

# Exit codes are a public contract (documented in the README).
EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_SITE = 3
EXIT_INTERNAL = 4  # a bug in goudenregels or a plugin: not the site's fault
EXIT_INTERRUPTED = 130


class GoudenregelsError(Exception):
    """An expected failure: shown as one line, never as a traceback."""

    exit_code = EXIT_USAGE


class UsageError(GoudenregelsError):
    """Bad input from the user: an invalid URL, a missing snapshot, an unknown option value."""

    exit_code = EXIT_USAGE


class SiteError(GoudenregelsError):
    """The site could not be audited: unreachable, an error page, not HTML, off-site redirect."""

    exit_code = EXIT_SITE


class BrowserMissing(GoudenregelsError):
    """No Chromium could be found or started."""

    exit_code = EXIT_SITE


class Interrupted(GoudenregelsError):
    """The run was stopped by a signal; what was read is kept and can be resumed."""

    def __init__(self, message: str, exit_code: int = EXIT_INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_code = exit_code
