"""Tables on the command line: rich tables that fit the terminal, tab-separated lines in a pipe.

Every command that prints a table (history, diff, checks, plugins, measure, probe, the audit
summary) goes through :func:`print_table`. On a terminal the table is drawn with rich at the
terminal's width: long cells wrap (a word longer than its column is folded, never cut to
"…"), and when even that does not fit, the least important columns are left out and the
table's caption names them. When stdout is not a terminal (a pipe, a file, CI logs) the same
rows are printed as plain tab-separated lines under a header line, nothing cut or styled, so
``goudenregels history | cut -f3`` works. ``FORCE_COLOR`` or ``TTY_COMPATIBLE=1`` ask for the
drawn table anyway (rich's own switches).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# What an empty cell shows on a terminal; in tab-separated output it is empty.
NONE = "–"
# Tables are drawn without outer edges: per column one space of padding on each side between
# columns and a one-character rule between them, none at the two outer edges.
_PER_COLUMN = 3
_EDGES = -3


@dataclass(frozen=True)
class Column:
    """One column: its header, how it is aligned, and how it gives way on a narrow terminal.

    ``fold`` is the narrowest the column may become by folding a long word (a URL, a date);
    without it the column is as wide as its longest word (its longest line when ``wrap`` is
    False). ``drop`` orders the columns that may
    be left out when the table cannot fit: the highest goes first; 0 is never left out.
    """

    header: str
    justify: str = "left"
    fold: int | None = None
    drop: int = 0
    wrap: bool = True  # False: a cell's line is never broken (a status such as "✘ fail")


def console(stderr: bool = False) -> Any:
    """The console commands print to: no highlighting of numbers, no emoji codes."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, stderr=stderr)


def plain(cell: Any) -> str:
    """A cell as one line of text: a rich Text's plain text, lines joined with '; ', tabs as
    spaces; None is empty."""
    if cell is None:
        return ""
    text = cell.plain if hasattr(cell, "plain") else str(cell)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "; ".join(line for line in lines if line)


def tsv_lines(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[str]:
    """The header line and one tab-separated line per row."""
    out = ["\t".join(c.header for c in columns)]
    out += ["\t".join(plain(cell) for cell in row) for row in rows]
    return out


def _text(cell: Any) -> str:
    if cell is None:
        return NONE
    return cell.plain if hasattr(cell, "plain") else str(cell)


def _longest_word(cell: Any) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in re.split(r"\s+", _text(cell)) if word), default=0)


def _longest_line(cell: Any) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in _text(cell).splitlines()), default=0)


def min_width(column: Column, cells: Sequence[Any]) -> int:
    """The narrowest a column becomes on the terminal: its header's longest word, and its
    longest word unless the column may fold it."""
    from rich.cells import cell_len

    header = max((cell_len(word) for word in column.header.split()), default=0)
    widest = _longest_word if column.wrap else _longest_line
    longest = max((widest(cell) for cell in cells), default=0)
    if column.fold is not None:
        longest = min(longest, column.fold)
    return max(header, longest, 1)


def _needed(widths: Sequence[int]) -> int:
    return _EDGES + sum(w + _PER_COLUMN for w in widths)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: int) -> list[int]:
    """The indexes of the columns shown at this width: all of them when they fit, otherwise
    without the columns of highest ``drop`` (the rightmost first among equals)."""
    shown = list(range(len(columns)))
    widths = [min_width(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
    while _needed([widths[i] for i in shown]) > width:
        droppable = [i for i in shown if columns[i].drop > 0]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (columns[i].drop, i)))
    return shown


def widths(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: int) -> list[int]:
    """The width of each column: every column at its narrowest, then the room left shared out
    in proportion to what each still lacks for its widest line (rich's own sharing can push a
    table past the terminal, so the widths are fixed here)."""
    lows = [min_width(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
    highs = [
        max(low, len(c.header), *(_longest_line(row[i]) for row in rows))
        for i, (c, low) in enumerate(zip(columns, lows, strict=True))
    ]
    out = list(lows)
    room = width - _needed(out)
    while room > 0:
        lacking = [highs[i] - out[i] for i in range(len(out))]
        total = sum(lacking)
        if total == 0:
            break
        if total <= room:
            return list(highs)
        shares = [room * lack // total for lack in lacking]
        # The characters the rounding left go to the columns that lack the most.
        for i in sorted(range(len(out)), key=lambda i: -lacking[i])[: room - sum(shares)]:
            shares[i] += 1 if shares[i] < lacking[i] else 0
        out = [o + share for o, share in zip(out, shares, strict=True)]
        room -= sum(shares)
    return out


def rich_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    width: int,
    title: str | None = None,
    **table_args: Any,
) -> Any:
    """A rich Table of the rows that fits ``width``; a caption names the columns left out."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown = fit(columns, rows, width)
    hidden = [c.header for i, c in enumerate(columns) if i not in shown]
    kept = [columns[i] for i in shown]
    cells = [[row[i] for i in shown] for row in rows]
    table = Table(
        title=title,
        title_justify="left",
        header_style="bold",
        caption=f"not shown at this width: {', '.join(hidden)}" if hidden else None,
        caption_justify="left",
        caption_style="dim",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        **table_args,
    )
    for column, size in zip(kept, widths(kept, cells, width), strict=True):
        table.add_column(column.header, justify=column.justify, overflow="fold", width=size)
    for row in cells:
        table.add_row(*(Text(NONE) if cell is None else cell for cell in row))
    return table


def print_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    out: Any = None,
    title: str | None = None,
    **table_args: Any,
) -> None:
    """Print rows as a table on a terminal, or as tab-separated lines elsewhere.

    ``out`` is a rich Console (default: stdout). A title becomes a '# ' comment line before
    the tab-separated header.
    """
    out = out or console()
    if not out.is_terminal:
        lines = ([f"# {title}"] if title else []) + tsv_lines(columns, rows)
        out.file.write("".join(f"{line}\n" for line in lines))  # as is: no markup, tabs kept
        out.file.flush()
        return
    out.print(rich_table(columns, rows, out.width, title, **table_args))


def print_line(text: str, out: Any = None, style: str = "", comment: bool = False) -> None:
    """One line beside a table: styled on a terminal; elsewhere written as it is (never wrapped
    at 80 columns), as a '# ' comment line when it heads a table."""
    out = out or console()
    if out.is_terminal:
        from rich.text import Text

        out.print(Text(text, style=style))
        return
    out.file.write(f"{'# ' if comment else ''}{text}\n")
    out.file.flush()
