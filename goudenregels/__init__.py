"""goudenregels: audit a website against the six Gouden Regels of customer friendliness."""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    # Plugins write 'from goudenregels import hookimpl'; loaded on first use to keep start-up fast.
    if name == "hookimpl":
        from goudenregels.hookspecs import hookimpl

        return hookimpl
    raise AttributeError(f"module 'goudenregels' has no attribute {name!r}")
