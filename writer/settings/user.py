"""The user's own settings, which a repository cannot write: ``$XDG_CONFIG_HOME/writer/config.toml``
(``~/.config/writer/config.toml`` by default).

A docs repository's ``.writer.toml`` arrives in pull requests; what it asks for that would send
document text off the machine (a grammar server) happens only when the user allows it here, in
the environment (``WRITER_ALLOWED_SERVERS``) or on the command line (``--allow-server``).

```toml
[grammar]
allowed_servers = ["http://lt.internal:8010"]   # "*" allows any server a repository names
```
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from writer.errors import ConfigError, nearest

ENVIRONMENT = "WRITER_ALLOWED_SERVERS"
_KEYS = {"grammar": {"allowed_servers"}}


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "writer" / "config.toml"


def server_key(url: str) -> str:
    """A server's URL compared loosely: case of scheme and host, a trailing ``/`` or ``/v2``."""
    key = url.strip().rstrip("/")
    if key.lower().endswith("/v2"):
        key = key[:-3].rstrip("/")
    scheme, sep, rest = key.partition("://")
    if not sep:
        return key.lower()
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


@dataclass(frozen=True)
class ServerTrust:
    """Which grammar servers named by a repository's config the user allows, and where each
    allowance comes from (for the notice that says where text goes)."""

    allowed: tuple[tuple[str, str], ...] = ()  # (server key or "*", where it was allowed)

    def allows(self, url: str) -> str | None:
        """Where ``url`` was allowed, or None when it was not."""
        key = server_key(url)
        for allowed, source in self.allowed:
            if allowed == "*" or allowed == key:
                return source
        return None


def _entries(values: Iterable[str], source: str) -> list[tuple[str, str]]:
    return [("*" if v.strip() == "*" else server_key(v), source) for v in values if v.strip()]


def load_trust(flags: Iterable[str] = ()) -> ServerTrust:
    """The servers allowed by ``--allow-server`` (``flags``), ``WRITER_ALLOWED_SERVERS``
    (comma-separated) and the user's config file. Raises :class:`ConfigError` for a broken
    user config."""
    allowed = _entries(flags, "--allow-server")
    allowed += _entries(os.environ.get(ENVIRONMENT, "").split(","), ENVIRONMENT)
    path = user_config_path()
    if os.path.lexists(path):
        data = _read(path)
        servers = data.get("grammar", {}).get("allowed_servers", [])
        allowed += _entries(servers, str(path))
    return ServerTrust(tuple(allowed))


def _read(path: Path) -> Mapping[str, Any]:
    from writer.infra._compat import tomllib
    from writer.settings.load import read_config_text

    display = str(path)
    text = read_config_text(path)
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise ConfigError(display, f"invalid TOML: {exc}") from None
    for table, value in data.items():
        if table not in _KEYS or not isinstance(value, dict):
            near = nearest(table, list(_KEYS))
            hint = f"; did you mean '{near}'?" if near else ""
            raise ConfigError(display, f"unknown key '{table}'{hint} (valid: [grammar])")
        for key in value:
            if key not in _KEYS[table]:
                raise ConfigError(
                    display, f"unknown key '{table}.{key}' (valid: {table}.allowed_servers)"
                )
    servers = data.get("grammar", {}).get("allowed_servers", [])
    if not isinstance(servers, list) or not all(isinstance(s, str) for s in servers):
        raise ConfigError(
            display,
            'grammar.allowed_servers must be a list of URLs, such as ["http://lt.internal:8010"]',
        )
    return data
