"""The auditor's mail settings: SMTP and IMAP from the environment and goudenregels.toml."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from goudenregels.errors import UsageError

ENV_PREFIX = "GOUDENREGELS_"
SECURITIES = ("starttls", "ssl", "none")
FILE_KEYS = (
    "smtp_host",
    "smtp_port",
    "smtp_user",
    "smtp_from",
    "smtp_security",
    "imap_host",
    "imap_port",
    "imap_user",
    "imap_folder",
    "imap_security",
)
SECRET_KEYS = ("smtp_password", "imap_password")
DEFAULT_PORTS = {
    ("smtp", "starttls"): 587,
    ("smtp", "ssl"): 465,
    ("smtp", "none"): 25,
    ("imap", "starttls"): 143,
    ("imap", "ssl"): 993,
    ("imap", "none"): 143,
}


@dataclass
class MailSettings:
    """Where the auditor's mailbox lives. Passwords are never printed (repr=False)."""

    smtp_host: str = ""
    smtp_port: int | None = None
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    smtp_security: str = "starttls"
    imap_host: str = ""
    imap_port: int | None = None
    imap_user: str = ""
    imap_password: str = field(default="", repr=False)
    imap_folder: str = "INBOX"
    imap_security: str = "ssl"

    @property
    def from_address(self) -> str:
        return parseaddr(self.smtp_from)[1]

    @property
    def from_name(self) -> str:
        """The auditor's name for forms: the display name in smtp_from, else its local part."""
        name, address = parseaddr(self.smtp_from)
        return name.strip() or address.split("@")[0]

    def port(self, proto: str) -> int:
        explicit = getattr(self, f"{proto}_port")
        return explicit or DEFAULT_PORTS[(proto, getattr(self, f"{proto}_security"))]


def env_name(key: str) -> str:
    return ENV_PREFIX + key.upper()


def _file_settings(path: Path | None) -> dict[str, Any]:
    """The [probe] table of goudenregels.toml (or [tool.goudenregels.probe] in pyproject.toml)."""
    if path is None:
        return {}
    from goudenregels.config import load_table

    table = load_table(path).get("probe", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: 'probe' must be a table ([probe])")
    secrets_found = sorted(set(table) & set(SECRET_KEYS))
    if secrets_found:
        names = " / ".join(env_name(k) for k in secrets_found)
        raise UsageError(
            f"{path}: passwords are never read from a file; remove {', '.join(secrets_found)} "
            f"and set {names} in the environment"
        )
    unknown = sorted(set(table) - set(FILE_KEYS))
    if unknown:
        raise UsageError(
            f"{path}: unknown [probe] setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(FILE_KEYS)}"
        )
    return table


def load_settings(
    config_path: Path | None = None, env: Mapping[str, str] | None = None
) -> MailSettings:
    """Settings from the environment (which wins) and the [probe] table of the settings file."""
    env = os.environ if env is None else env
    table = _file_settings(config_path)
    out = MailSettings()
    for key in (*FILE_KEYS, *SECRET_KEYS):
        raw = env.get(env_name(key))
        where = env_name(key)
        if raw is None or raw == "":
            if key in SECRET_KEYS or key not in table:
                continue
            raw, where = table[key], f"{key} in {config_path}"
        value: Any = str(raw).strip() if key not in SECRET_KEYS else str(raw)
        if key.endswith("_port"):
            try:
                value = int(value)
            except ValueError:
                value = 0
            if not 0 < value < 65536:
                raise UsageError(f"{where} must be a port number (1-65535), not '{raw}'")
        elif key.endswith("_security"):
            value = value.lower()
            if value not in SECURITIES:
                raise UsageError(f"{where} must be one of {', '.join(SECURITIES)}, not '{raw}'")
        setattr(out, key, value)
    if out.smtp_from and "@" not in out.from_address:
        raise UsageError(f"{env_name('smtp_from')} '{out.smtp_from}' is not an e-mail address")
    return out


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _refuse_cleartext(settings: MailSettings, proto: str) -> None:
    # A password in the clear over the internet is worse than no probe; a local bridge is fine.
    host = getattr(settings, f"{proto}_host")
    if (
        getattr(settings, f"{proto}_security") == "none"
        and getattr(settings, f"{proto}_user")
        and not _is_loopback(host)
    ):
        raise UsageError(
            f"refusing to send the {proto.upper()} password unencrypted to {host}; set "
            f"{env_name(proto + '_security')} to starttls or ssl"
        )


def require_sender(settings: MailSettings) -> None:
    if not settings.smtp_from:
        raise UsageError(
            f"no auditor address: set {env_name('smtp_from')} "
            "(or smtp_from in the [probe] table of goudenregels.toml)"
        )


def require_smtp(settings: MailSettings) -> None:
    missing = [k for k in ("smtp_host", "smtp_from") if not getattr(settings, k)]
    if missing:
        raise UsageError(
            "no SMTP settings: set "
            + " and ".join(env_name(k) for k in missing)
            + f" (also {env_name('smtp_user')}, {env_name('smtp_password')}, "
            f"{env_name('smtp_port')}, {env_name('smtp_security')}; or a [probe] table in "
            "goudenregels.toml, passwords only from the environment)"
        )
    if settings.smtp_user and not settings.smtp_password:
        raise UsageError(
            f"{env_name('smtp_user')} is set but {env_name('smtp_password')} is not "
            "(passwords are read only from the environment)"
        )
    _refuse_cleartext(settings, "smtp")


def require_imap(settings: MailSettings) -> None:
    missing = [
        env_name(k) for k in ("imap_host", "imap_user", "imap_password") if not getattr(settings, k)
    ]
    if missing:
        raise UsageError(
            "cannot read the mailbox: set "
            + ", ".join(missing)
            + f" (also {env_name('imap_port')}, {env_name('imap_security')}, "
            f"{env_name('imap_folder')}; or a [probe] table in goudenregels.toml, "
            "passwords only from the environment)"
        )
    _refuse_cleartext(settings, "imap")
