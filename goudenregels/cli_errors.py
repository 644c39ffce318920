"""A click group that turns expected errors into one line and a documented exit code.

That covers goudenregels' own errors and click's usage errors (an unknown option, a missing
argument, a value out of range): click prints those as usage, a hint and the error over three
lines; here they are one line ``error: …`` with exit code 2, like every other input error.
"""

from __future__ import annotations

import os
import re
from typing import Any

import click

from goudenregels.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, GoudenregelsError


class OneLineUsageError(click.UsageError):
    """A click usage error shown as one line: the message and where to find help."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file, err=True)


def one_line(exc: click.ClickException) -> OneLineUsageError:
    """click's message on one line, its first letter lowered (as our own messages are), with a
    pointer to the command's help."""
    text = "; ".join(line.strip() for line in exc.format_message().splitlines() if line.strip())
    text = re.sub(r"\.\s+\(", " (", text).rstrip(".")  # "… '--formt'. (Did you mean …?)"
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        text += f" (see '{ctx.command_path} --help')"
    return OneLineUsageError(text, ctx)


def _is_help(exc: click.ClickException) -> bool:
    """click shows the help when a group is called without a command: that stays as it is."""
    return type(exc).__name__ == "NoArgsIsHelpError" or isinstance(exc, OneLineUsageError)


class OneLineErrors(click.Group):
    """Turns expected errors into one line and a documented exit code, never a traceback."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        # The group's own options are parsed here, before invoke: 'goudenregels --bogus'.
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as exc:
            if _is_help(exc):
                raise
            raise one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GoudenregelsError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except click.ClickException as exc:  # a subcommand's usage: unknown option, bad value
            if _is_help(exc):
                raise
            raise one_line(exc) from None
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # 'goudenregels history | head -1': click ends it quietly
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
