"""goudenregels: audit a website against the six Gouden Regels of customer friendliness."""

__version__ = "0.1.0"
