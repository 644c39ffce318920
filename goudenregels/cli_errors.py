"""A click group that turns expected errors into one line and a documented exit code."""

from __future__ import annotations

import os
from typing import Any

import click

from goudenregels.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, GoudenregelsError


class OneLineErrors(click.Group):
    """Turns expected errors into one line and a documented exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GoudenregelsError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: still one line unless asked for the traceback
            if os.environ.get("GOUDENREGELS_DEBUG"):
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            click.echo(
                f"error: internal error: {type(exc).__name__}: {first} "
                "(set GOUDENREGELS_DEBUG=1 for a traceback)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)
