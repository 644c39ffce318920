"""Entry point for `python -m goudenregels`."""

from goudenregels.cli import main

main()
