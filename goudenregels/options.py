"""One typed definition of every setting of ``audit``, ``crawl`` and ``check``.

Each field of :class:`Options` carries its flag, help text, kind and config-file key, so the
option table :data:`SETTINGS` is read off the dataclass. From that one table come the click
options of the commands (:func:`click_options`), the keys ``goudenregels.toml`` accepts and the
starter file ``goudenregels init`` writes (both in ``config.py``). Adding a setting is adding a
field here; the crawler's own input stays ``crawl.crawler.CrawlSettings``, built from Options by
``pipeline.crawl_settings``.

Nothing here imports click at module level: batch audits and workers build an Options without it.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, get_type_hints

from goudenregels.i18n import LANGS

DEFAULT_OUTPUT = "goudenregels-report"
HISTORY_ENV = "GOUDENREGELS_HISTORY"

# Kinds of setting. TARGET: what to audit; CRAWL: the crawler's input; SCORING: run_audit's
# input (checks, reports, gates, history); DISPLAY: what the command line shows.
TARGET, CRAWL, SCORING, DISPLAY = "target", "crawl", "scoring", "display"
# The kinds each command takes, in the order its --help lists them.
COMMANDS: dict[str, tuple[str, ...]] = {
    "audit": (TARGET, CRAWL, DISPLAY, SCORING),
    "crawl": (CRAWL, DISPLAY),
    "check": (SCORING, DISPLAY),
    "batch": (CRAWL, DISPLAY, SCORING),
}
# Sections of the starter goudenregels.toml, in order, with the comment that opens each.
SECTIONS: dict[str, str] = {
    "target": "The site to audit when 'goudenregels audit' is run without a URL.",
    "checks": "Which checks run: the profile (detected from the site when not set), and checks "
    "to run or skip by code or prefix (see 'goudenregels checks').",
    "reports": "Reports: the formats 'goudenregels audit --help' lists; written into 'output'.",
    "crawl": "Crawl limits.",
    "gates": "Gates for CI: the exit code is 1 when one of these is not met.",
    "auditor": "The auditor's verdicts for review items (docs/verdicts.md), the history "
    "database, and the working hours measured reaction times count in (docs/history.md).",
}


@dataclass(frozen=True)
class Setting:
    """One row of the option table."""

    name: str  # the Options field and the click parameter
    type: type  # bool (a flag), int, float, str, or tuple (a repeatable option of strings)
    default: Any
    flags: tuple[str, ...]  # the command-line flags; () for the command's argument
    help: str
    kind: str  # TARGET, CRAWL, SCORING or DISPLAY: which commands take it (COMMANDS)
    key: str | None  # the config-file key; None: command line only
    metavar: str | None = None
    range: tuple[float, float] | None = None
    choices: tuple[str, ...] | None = None
    show_default: bool = False
    envvar: str | None = None
    section: str = ""  # the starter config's section (SECTIONS)
    example: str | None = None  # TOML shown commented out in the starter; None: the default, set
    comment: str = ""  # after the key in the starter config
    table: bool = False  # in the file a table {RULE = SCORE}; on the command line RULE=SCORE
    command_help: Mapping[str, str] = field(default_factory=dict)  # help that differs per command
    # The Plugins method whose names ("{names}" in the help) the value is one of: the help lists
    # the names registered when it is shown, plugins' included (see RegistryOption).
    registry: str | None = None

    @property
    def commands(self) -> tuple[str, ...]:
        return tuple(name for name, kinds in COMMANDS.items() if self.kind in kinds)

    @property
    def multiple(self) -> bool:
        return self.type is tuple

    def help_for(self, command: str, names: Sequence[str] | None = None) -> str:
        """The help text; "{names}" becomes the registered names, or a pointer when unknown."""
        text = self.command_help.get(command, self.help)
        listed = ", ".join(names) if names else "see 'goudenregels plugins'"
        return text.replace("{names}", listed)


def _setting(default: Any, *flags: str, help: str, kind: str, key: str | None = "", **more: Any):
    """A field of Options with its row of the table; key "" means the field's own name."""
    row = {"flags": flags, "help": help, "kind": kind, "key": key, **more}
    return field(default=default, metadata={"setting": row})


def _crawl_limit(default: Any, flag: str, *, help: str, range: tuple, comment: str = ""):
    """A numeric crawl setting: shown with its default, in the settings file's [crawl] part."""
    extra = {"comment": comment} if comment else {}
    return _setting(
        default,
        flag,
        help=help,
        kind=CRAWL,
        range=range,
        show_default=True,
        section="crawl",
        **extra,
    )


@dataclass(frozen=True)
class Options:
    """Every setting of audit, crawl and check, with its default; see SETTINGS for the details."""

    url: str | None = _setting(
        None,
        help="The site to audit; without it, the demo site bundled with goudenregels.",
        kind=TARGET,
        section="target",
        example='"https://www.example.nl"',
    )
    max_pages: int = _crawl_limit(
        60,
        "--max-pages",
        help="Stop after this many pages.",
        range=(1, 10000),
    )
    max_depth: int = _crawl_limit(
        4,
        "--max-depth",
        help="Follow links at most this many clicks from the home page.",
        range=(0, 50),
    )
    timeout: float = _crawl_limit(
        20.0,
        "--timeout",
        help="Seconds to wait for one page.",
        range=(1, 600),
        comment="seconds per page",
    )
    max_time: float = _crawl_limit(
        600.0,
        "--max-time",
        help="Seconds for the whole crawl.",
        range=(5, 86400),
        comment="seconds for the whole crawl",
    )
    concurrency: int = _crawl_limit(
        4,
        "--concurrency",
        help="Pages loaded at the same time (browser tabs).",
        range=(1, 16),
        comment="pages loaded at the same time",
    )
    ignore_robots: bool = _setting(
        False,
        "--ignore-robots",
        help="Crawl pages robots.txt disallows (the report says so).",
        kind=CRAWL,
        section="crawl",
        example="true",
        comment="crawl what robots.txt disallows",
    )
    journeys: bool = _setting(
        True,
        "--no-journeys",
        help="Skip the scripted journeys (checkout, password reset, hidden number).",
        kind=CRAWL,
        section="crawl",
        example="false",
        comment="skip the scripted journeys",
    )
    script_nav: bool = _setting(
        True,
        "--no-script-nav",
        help="Do not click menu items, cards and buttons without a link to see where they lead.",
        kind=CRAWL,
        section="crawl",
        example="false",
        comment="do not follow navigation built with scripts (onclick menus, cards, routers)",
    )
    allow_cart: bool = _setting(
        False,
        "--allow-cart",
        help="Let the checkout journey add one product to a cart on the site "
        "(nothing is ordered or paid).",
        kind=CRAWL,
        section="crawl",
        example="true",
        comment="let the checkout journey add one product to a cart (nothing is ordered)",
    )
    session: str | None = _setting(
        None,
        "--session",
        help="Crawl logged in with a session saved by 'goudenregels login' (the account area "
        "too; read-only: only GET requests are sent, logout links are not followed).",
        kind=CRAWL,
        metavar="FILE",
        section="crawl",
        example='"state.json"',
        comment="a session saved by 'goudenregels login' (docs/login.md)",
    )
    login_script: str | None = _setting(
        None,
        "--login-script",
        help="Log in first with the steps of this YAML file (goto, fill, click, press, wait; "
        "values like ${GR_PASSWORD} come from the environment), then crawl read-only.",
        kind=CRAWL,
        metavar="FILE",
        section="crawl",
        example='"login.yml"',
        comment="log in with these steps first (docs/login.md)",
    )
    allow_post: bool = _setting(
        False,
        "--allow-post",
        help="With --session or --login-script: let the pages send POST, PUT, PATCH and DELETE "
        "requests (blocked by default, so the test account is never changed).",
        kind=CRAWL,
        section="crawl",
        example="true",
        comment="let logged-in pages send requests that change state",
    )
    device: str = _setting(
        "both",
        "--device",
        help="Read the site as a desktop browser, as a phone (mobile), or both: the whole site "
        "as a desktop and the service pages (home, contact, complaint, cart) again as a phone.",
        kind=CRAWL,
        section="crawl",
        choices=("desktop", "mobile", "both"),
        show_default=True,
        example='"mobile"',
        comment="desktop, mobile or both",
    )
    browser: str | None = _setting(
        None,
        "--browser",
        help="Chromium binary to use (default: Playwright's, else the system one).",
        kind=CRAWL,
        key=None,
        metavar="PATH",
    )
    quiet: bool = _setting(
        False,
        "-q",
        "--quiet",
        help="No progress bar or summary table.",
        kind=DISPLAY,
        key=None,
        command_help={"check": "No summary table.", "batch": "No progress bar or lines."},
    )
    formats: tuple[str, ...] = _setting(
        ("json", "html"),
        "-f",
        "--format",
        help="Output format(s) to write (repeat or comma-separate): {names}. "
        "Default: json and html.",
        kind=SCORING,
        registry="reporters",
        key="format",
        metavar="FORMAT",
        section="reports",
    )
    output: str = _setting(
        DEFAULT_OUTPUT,
        "-o",
        "--output",
        help=f"Directory for the reports (default ./{DEFAULT_OUTPUT}), or a file "
        "name when one format is chosen, or - to write that one format to stdout.",
        kind=SCORING,
        metavar="PATH",
        section="reports",
        command_help={
            "batch": "Directory of the batch (required): a folder per site, the ledger "
            "batch.json and the sector report benchmark.html."
        },
    )
    profile: str | None = _setting(
        None,
        "--profile",
        help="Organisation profile (default: detected): {names}.",
        kind=SCORING,
        registry="profiles",
        metavar="NAME",
        section="checks",
        example='"webshop"',
        comment="webshop, dienstverlener, gemeente or algemeen",
    )
    select: tuple[str, ...] = _setting(
        (),
        "--select",
        help="Only these checks (code or prefix, e.g. GR1, GR101).",
        kind=SCORING,
        metavar="CODE",
        section="checks",
        example='["GR1", "GR5"]',
    )
    ignore: tuple[str, ...] = _setting(
        (),
        "--ignore",
        help="Skip these checks.",
        kind=SCORING,
        metavar="CODE",
        section="checks",
        example='["GR604"]',
    )
    lang: str = _setting(
        "nl",
        "--lang",
        help="Language of titles and the HTML report.",
        kind=SCORING,
        choices=LANGS,
        show_default=True,
        section="reports",
        comment=" or ".join(LANGS),
    )
    verdicts: str | None = _setting(
        None,
        "--verdicts",
        help="An auditor's verdicts (TOML) that decide review items; see docs/verdicts.md.",
        kind=SCORING,
        metavar="FILE",
        section="auditor",
        example='"verdicts.toml"',
    )
    fail_under: int | None = _setting(
        None,
        "--fail-under",
        help="Exit 1 when the overall score is below SCORE.",
        kind=SCORING,
        metavar="SCORE",
        range=(0, 100),
        section="gates",
        example="70",
        comment="overall score",
    )
    fail_under_rule: tuple[str, ...] = _setting(
        (),
        "--fail-under-rule",
        help="Exit 1 when a rule scores below its minimum, e.g. 1=80 (repeatable).",
        kind=SCORING,
        metavar="RULE=SCORE",
        section="gates",
        example="{ 1 = 80, 5 = 60 }",
        comment="per rule",
        table=True,
    )
    fail_on: str | None = _setting(
        None,
        "--fail-on",
        help="Exit 1 on any failed check ('review': also on any review item).",
        kind=SCORING,
        choices=("fail", "review"),
        section="gates",
        example='"fail"',
        comment='any failed check ("review": also any review item)',
    )
    fail_on_regression: bool = _setting(
        False,
        "--fail-on-regression",
        help="Exit 1 when a check or rule got worse since the site's previous stored audit.",
        kind=SCORING,
        section="gates",
        example="true",
        comment="anything got worse since the site's previous stored audit",
    )
    history: str | None = _setting(
        None,
        "--history",
        help="History database (default: goudenregels/history.sqlite in your data directory).",
        kind=SCORING,
        metavar="PATH",
        envvar=HISTORY_ENV,
        section="auditor",
        example='"history.sqlite"',
    )
    hours: str | None = _setting(
        None,
        "--hours",
        help="Working hours for measured reaction times, e.g. 'mon-fri 08:30-17:30' "
        "(default mon-fri 09:00-17:00; Dutch public holidays are never working days).",
        kind=SCORING,
        metavar="SPEC",
        section="auditor",
        example='"mon-fri 09:00-17:00"',
    )

    @classmethod
    def from_params(cls, values: Mapping[str, Any]) -> Options:
        """Options from parsed command-line values (click's); settings not among them keep
        their defaults, and repeatable ones may also be comma-separated."""
        given = {}
        for setting in SETTINGS:
            if setting.name not in values:
                continue
            value = values[setting.name]
            if setting.multiple:
                value = split_list(value or ()) or setting.default
            given[setting.name] = value
        return cls(**given)


def split_list(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """('GR1,GR2', 'GR3') -> ('GR1', 'GR2', 'GR3'): repeated and comma-separated values."""
    return tuple(v.strip() for value in values for v in str(value).split(",") if v.strip())


def _plain(hint: Any) -> type:
    """int | None -> int; tuple[str, ...] -> tuple."""
    if isinstance(hint, types.UnionType):
        (hint,) = [h for h in hint.__args__ if h is not type(None)]
    return getattr(hint, "__origin__", hint)


def _table() -> tuple[Setting, ...]:
    hints = get_type_hints(Options)
    rows = []
    for f in fields(Options):
        row = dict(f.metadata["setting"])
        key = row.pop("key")
        key = f.name if key == "" else key
        rows.append(Setting(f.name, _plain(hints[f.name]), f.default, key=key, **row))
    return tuple(rows)


SETTINGS: tuple[Setting, ...] = _table()
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def click_option(setting: Setting, command: str, param: str | None = None) -> Callable:
    """The click decorator of one setting (an option, or the command's argument)."""
    import click

    name = param or setting.name
    if not setting.flags:
        return click.argument(name, required=False)
    kwargs: dict[str, Any] = {
        "help": setting.help_for(command),
        "default": setting.default,
        "metavar": setting.metavar,
        "envvar": setting.envvar,
        "show_default": setting.show_default,
        "multiple": setting.multiple,
    }
    if setting.type is bool:  # the flag sets the opposite of the default: --no-journeys
        kwargs.update(is_flag=True, flag_value=not setting.default)
    elif setting.choices:
        kwargs["type"] = click.Choice(setting.choices)
    elif setting.range:
        low, high = setting.range
        kwargs["type"] = (click.IntRange if setting.type is int else click.FloatRange)(low, high)
    if setting.registry:
        kwargs["cls"] = _registry_option(setting, command)
    return click.option(*setting.flags, name, **kwargs)


def _registry_option(setting: Setting, command: str) -> type:
    """A click Option whose help lists the registry's names when the help is shown, so
    '--format' names every format, a plugin's included; plugins are loaded only then. The
    names come from the "registry" lookup the command line keeps in its root context."""
    import click

    class RegistryOption(click.Option):
        def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
            # The command line puts a lookup in its root context (cli.main): names by registry.
            lookup = (ctx.find_root().obj or {}).get("registry")
            names = lookup(setting.registry) if lookup else None
            self.help = setting.help_for(command, names)
            return super().get_help_record(ctx)

    return RegistryOption


def click_options(command: str) -> Callable:
    """A decorator adding every setting of a command, in the order of COMMANDS and the table."""
    rows = [s for kind in COMMANDS[command] for s in SETTINGS if s.kind == kind]

    def decorate(func: Callable) -> Callable:
        for setting in reversed(rows):
            func = click_option(setting, command)(func)
        return func

    return decorate
