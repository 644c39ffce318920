"""The plugin manager: built-in plugins, entry-point plugins, ``-p`` modules and ``-p no:name``."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pluggy

from goudenregels import hookspecs
from goudenregels.errors import UsageError

ENTRY_POINT_GROUP = "goudenregels"

# Internal plugins: registered exactly like third-party ones, under these names.
BUILTIN_PLUGINS = {
    "rule1": "goudenregels.checks.rule1",
    "rule2": "goudenregels.checks.rule2",
    "rule3": "goudenregels.checks.rule3",
    "rule4": "goudenregels.checks.rule4",
    "rule5": "goudenregels.checks.rule5",
    "rule6": "goudenregels.checks.rule6",
    "account": "goudenregels.checks.account",
    "facts": "goudenregels.checks.facts",
    "measured": "goudenregels.checks.measured",
    "phone": "goudenregels.checks.phone",
    "overview": "goudenregels.checks.overview",
    "profiles": "goudenregels.profiles",
    "journeys": "goudenregels.crawl.journeys",
    "accessibility": "goudenregels.crawl.accessibility",
    "json": "goudenregels.reports.json_report",
    "html": "goudenregels.reports.html_report",
    "summary": "goudenregels.reports.summary_report",
    "text": "goudenregels.reports.text_report",
    "junit": "goudenregels.reports.junit_report",
    "sarif": "goudenregels.reports.sarif_report",
    "markdown": "goudenregels.reports.markdown_report",
    "benchmark": "goudenregels.reports.benchmark",
}


@dataclass
class PluginInfo:
    name: str
    module: str
    origin: str  # builtin | entry point | -p
    hooks: list[str] = field(default_factory=list)


def _warn_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class Plugins:
    """Loads plugins once and hands out what they contribute, attributing failures by name."""

    def __init__(
        self,
        load: Iterable[str] = (),
        block: Iterable[str] = (),
        warn: Callable[[str], None] = _warn_stderr,
        entry_points: bool = True,
    ) -> None:
        self.warn = warn
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self.blocked = set(block)
        for name in self.blocked:
            self.pm.set_blocked(name)
        for name, module in BUILTIN_PLUGINS.items():
            if name not in self.blocked:
                self._register(importlib.import_module(module), name, "builtin")
        if entry_points:
            for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                if ep.name in self.blocked or self.pm.has_plugin(ep.name):
                    continue
                try:
                    self._register(ep.load(), ep.name, "entry point")
                except Exception as exc:
                    self.warn(
                        f"plugin '{ep.name}' ({ep.value}) failed to load and is skipped: "
                        f"{_one_line(exc)}"
                    )
        for module_name in load:
            if module_name in self.blocked or self.pm.has_plugin(module_name):
                continue
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name or module_name.startswith(f"{exc.name}."):
                    raise UsageError(f"-p {module_name}: no such module") from None
                self.warn(f"plugin '{module_name}' failed to load and is skipped: {_one_line(exc)}")
                continue
            except Exception as exc:
                self.warn(f"plugin '{module_name}' failed to load and is skipped: {_one_line(exc)}")
                continue
            self._register(module, module_name, "-p")

    def _register(self, plugin: Any, name: str, origin: str) -> None:
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # e.g. a hookimpl whose name matches no hook
            self.warn(f"plugin '{name}' could not be registered and is skipped: {_one_line(exc)}")
            return
        hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
        module = getattr(plugin, "__name__", type(plugin).__name__)
        self.info[name] = PluginInfo(name=name, module=module, origin=origin, hooks=hooks)

    def _collect(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call one hook plugin by plugin, so a failing plugin is named and skipped."""
        caller = getattr(self.pm.hook, hook_name)
        out: list[tuple[str, Any]] = []
        for impl in reversed(caller.get_hookimpls()):  # registration order
            try:
                items = impl.function()
            except Exception as exc:
                self.warn(
                    f"plugin '{impl.plugin_name}' failed in {hook_name} and is skipped: "
                    f"{_one_line(exc)}"
                )
                continue
            for item in items or []:
                out.append((impl.plugin_name, item))
        return out

    def checks(self) -> list[Any]:
        from goudenregels.model import Check

        seen: dict[str, Any] = {}
        for plugin, item in self._collect("goudenregels_checks"):
            if not isinstance(item, Check):
                self.warn(f"plugin '{plugin}' returned a non-check {item!r}; skipped")
                continue
            if item.code in seen:
                self.warn(
                    f"plugin '{plugin}': check code {item.code} is already taken by "
                    f"'{seen[item.code].plugin}'; skipped"
                )
                continue
            item.plugin = plugin
            seen[item.code] = item
        return sorted(seen.values(), key=lambda c: c.code)

    def reporters(self) -> dict[str, Any]:
        return self._by_name("goudenregels_reporters", "format")

    def sector_reporters(self) -> dict[str, Any]:
        return self._by_name("goudenregels_sector_reporters", "sector format")

    def _by_name(self, hook: str, what: str) -> dict[str, Any]:
        """The items a hook gives, by name; the first plugin to use a name keeps it."""
        out: dict[str, Any] = {}
        for plugin, item in self._collect(hook):
            if item.name in out:
                self.warn(f"plugin '{plugin}': {what} '{item.name}' already exists; skipped")
                continue
            item.plugin = plugin
            out[item.name] = item
        return out

    def profiles(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for plugin, item in self._collect("goudenregels_profiles"):
            item.plugin = plugin
            out.setdefault(item.name, item)
        return out

    def overviews(self) -> list[Any]:
        out: dict[str, Any] = {}
        for plugin, item in self._collect("goudenregels_overviews"):
            item.plugin = plugin
            out.setdefault(item.name, item)
        return list(out.values())

    def gatherers(self) -> list[Any]:
        return [item for _plugin, item in self._collect("goudenregels_gatherers")]

    def journeys(self) -> list[Any]:
        return [item for _plugin, item in self._collect("goudenregels_journeys")]

    def audit_finished(self, audit: Any, options: dict[str, Any]) -> None:
        for impl in reversed(self.pm.hook.goudenregels_audit_finished.get_hookimpls()):
            args = {"audit": audit, "options": options}
            try:
                impl.function(*[args[name] for name in impl.argnames])
            except Exception as exc:
                self.warn(
                    f"plugin '{impl.plugin_name}' failed in goudenregels_audit_finished: "
                    f"{_one_line(exc)}"
                )
