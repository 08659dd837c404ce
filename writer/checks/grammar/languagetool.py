"""The ``languagetool`` backend: LanguageTool through the language-tool-python client.

Either a server the user configured (``grammar.server``: a team's own server, such as the Docker
image on port 8010) or a local server started from a LanguageTool copy already installed
(``LTP_PATH``, or language-tool-python's download folder) with Java. LanguageTool is downloaded
only when ``grammar.download = true``; text goes to no server the user did not name.

The client can wait for minutes (a 300 s request timeout, a retry per request, and a new port
after each failed server start, hundreds of times). Here every request has ``grammar.timeout``
and a remote request is not retried, a local server gets a bounded start-up time on at most two
ports, and the first failure ends grammar for the run (see ``checker.py``). ``grammar.timeout``
bounds a whole exchange, not each read: a server that trickles its answer a byte at a time, or
never answers at all, costs at most that long. Answers are read up to ``MAX_RESPONSE_BYTES`` and
checked before the client reads them: garbage, a wrong shape or offsets outside the text end
grammar for the run with one notice, and nothing from that answer is cached.

LanguageTool counts offsets in UTF-16 code units. The client turns a match's offset into code
points but leaves its length in UTF-16 units; :func:`utf16_end` finishes the job.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from writer.checks.grammar.base import GrammarMatch, GrammarUnavailable
from writer.settings.config import GrammarSettings

SPELLING_CATEGORIES = frozenset({"TYPOS"})
# Texts are sent together, a blank line apart, in requests of at most this many characters.
MAX_REQUEST_CHARS = 10_000
_SEPARATOR = "\n\n"
# How long a local server may take to start, and on how many ports it is tried.
STARTUP_SECONDS = 60.0
STARTUP_PORTS = 2
# The largest answer read from a server (a real one sends well under 1 MB for MAX_REQUEST_CHARS
# of text): anything larger is refused, so a broken server cannot fill the memory.
MAX_RESPONSE_BYTES = 8_000_000


@dataclass(frozen=True)
class LocalCopy:
    usable: bool
    where: str = ""
    why: str = ""


def download_folder() -> Path:
    """Where language-tool-python keeps LanguageTool (``LTP_PATH``), without creating it."""
    configured = os.environ.get("LTP_PATH")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "language_tool_python"


def local_languagetool() -> LocalCopy:
    """Whether a local LanguageTool can start: an installed copy and Java, nothing downloaded."""
    folder = download_folder()
    copies = sorted(
        path
        for path in (folder.glob("LanguageTool*") if folder.is_dir() else ())
        if (path / "languagetool-server.jar").is_file() or (path / "languagetool.jar").is_file()
    )
    if not copies:
        return LocalCopy(False, why=f"LanguageTool is not installed in {folder}")
    if shutil.which("java") is None:
        return LocalCopy(False, why=f"LanguageTool is in {copies[-1]} but Java is not installed")
    return LocalCopy(True, where=str(copies[-1]))


def server_url(url: str) -> str:
    """A server address as the client wants it: scheme, host, port, path without ``/v2``."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/v2"):
        path = path[: -len("/v2")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def utf16_end(text: str, start: int, units: int) -> int:
    """The code-point offset ``units`` UTF-16 code units after code point ``start``."""
    index = start
    length = len(text)
    while units > 0 and index < length:
        units -= 2 if ord(text[index]) > 0xFFFF else 1
        index += 1
    return index


def utf16_units(text: str, start: int, end: int) -> int:
    """How many UTF-16 code units ``text[start:end]`` takes."""
    return (end - start) + sum(1 for char in text[start:end] if ord(char) > 0xFFFF)


def utf16_to_code_points(text: str, offset: int) -> int:
    """The code-point offset of UTF-16 offset ``offset`` in ``text``."""
    return utf16_end(text, 0, offset)


def _first_line(message: object, limit: int = 200) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UnreadableAnswer(Exception):
    """The server answered, but not with something writer can use; ``str()`` says what."""


def _exchange(
    method: str,
    url: str,
    params: dict[str, str] | None,
    timeout: float,
    proxies: Any,
    cancelled: threading.Event,
    opened: list[Any],
) -> tuple[int, bytes]:
    """One HTTP request; the status and the body, read up to ``MAX_RESPONSE_BYTES``."""
    import requests

    post = method == "post"
    response = requests.request(
        method.upper(),
        url,
        data=params if post else None,
        params=None if post else params,
        timeout=(timeout, timeout),
        proxies=proxies,
        stream=True,
    )
    opened.append(response)
    with response:
        chunks = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            if cancelled.is_set():
                break
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise UnreadableAnswer(
                    f"sent an answer larger than {MAX_RESPONSE_BYTES // 1_000_000} MB; "
                    "it was refused"
                )
            chunks.append(chunk)
        return response.status_code, b"".join(chunks)


def _abandon(response: Any) -> None:
    """End a read still in progress in another thread by shutting its socket (closing the
    response here would wait for that read to finish)."""
    connection = getattr(getattr(response, "raw", None), "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def bounded_exchange(
    method: str, url: str, params: dict[str, str] | None, timeout: float, proxies: Any = None
) -> tuple[int, bytes]:
    """:func:`_exchange` with ``timeout`` for the whole of it: connecting, waiting and reading.

    The request runs in a daemon thread; when time is up it is abandoned (its connection is
    closed) and ``requests.Timeout`` is raised here. A per-read timeout alone never fires for a
    server that sends one byte at a time.
    """
    import requests

    done = threading.Event()
    cancelled = threading.Event()
    opened: list[Any] = []
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["answer"] = _exchange(method, url, params, timeout, proxies, cancelled, opened)
        except BaseException as exc:  # handed to the waiting thread
            outcome["error"] = exc
        finally:
            done.set()

    thread = threading.Thread(target=run, name="writer-languagetool", daemon=True)
    thread.start()
    if not done.wait(timeout):
        cancelled.set()
        for response in opened:
            _abandon(response)
        raise requests.Timeout(f"no complete answer within {timeout:g} s (timed out)")
    if "error" in outcome:
        raise outcome["error"]
    answer: tuple[int, bytes] = outcome["answer"]
    return answer


def _client_class() -> type[Any]:
    """language-tool-python's client, with bounded timeouts, start-up and downloads."""
    import http.client

    import language_tool_python
    from language_tool_python import server as lt_server
    from language_tool_python import utils as lt_utils
    from language_tool_python.download_lt import LocalLanguageTool
    from language_tool_python.exceptions import (
        LanguageToolError,
        PathError,
        RateLimitError,
        ServerError,
    )
    from language_tool_python.match import Match

    class BoundedLanguageTool(language_tool_python.LanguageTool):
        def __init__(
            self,
            *args: Any,
            request_timeout: float,
            allow_download: bool,
            jvm_heap: str | None,
            **kwargs: Any,
        ) -> None:
            self._TIMEOUT = request_timeout  # type: ignore[assignment]
            self._writer_allow_download = allow_download
            self._writer_jvm_heap = jvm_heap
            super().__init__(*args, **kwargs)

        def _query_server(
            self,
            url: str,
            params: dict[str, str] | None = None,
            num_tries: int = 2,
            method: Literal["get", "post"] = "get",
        ) -> Any:
            """The client's own request, bounded: one timeout for the whole exchange, a cap on
            the answer's size, and no retry for a remote server (a slow server costs one
            timeout, not two). A local server is restarted once, as the client does."""
            tries = 1 if self._remote else min(num_tries, 2)
            for attempt in range(tries):
                try:
                    status, body = bounded_exchange(
                        method, url, params, float(self._TIMEOUT), self._proxies
                    )
                except (OSError, http.client.HTTPException) as exc:
                    if attempt + 1 >= tries:
                        raise LanguageToolError(f"{self._url}: {exc}") from exc
                    if not self._remote:
                        self._terminate_server()
                        self._start_local_server()
                    continue
                try:
                    return json.loads(body)
                except ValueError:
                    if status in (426, 429):
                        raise RateLimitError(_first_line(body.decode("utf-8", "replace"))) from None
                    raise LanguageToolError(
                        _first_line(body.decode("utf-8", "replace")) or f"HTTP {status}"
                    ) from None
            return None

        def check(self, text: str) -> list[Any]:
            """The client's check, with the answer's shape checked before it is read."""
            answer = self._query_server(
                urllib.parse.urljoin(self._url, "check"), self._create_params(text), method="post"
            )
            matches = answer.get("matches") if isinstance(answer, dict) else None
            if not isinstance(matches, list) or not all(isinstance(m, dict) for m in matches):
                raise UnreadableAnswer("sent an answer that is not a list of matches")
            if len(matches) > len(text) + 1:
                raise UnreadableAnswer(
                    f"sent {len(matches)} matches for {len(text)} characters of text"
                )
            return [Match(match, text) for match in matches]

        def _start_server_on_free_port(self) -> None:
            for attempt in range(STARTUP_PORTS):
                try:
                    self._start_local_server()
                    return
                except ServerError:
                    if attempt + 1 >= STARTUP_PORTS or not self._available_ports:
                        raise
                    self._port = self._available_ports.pop()
                    self._url = f"http://{self._host}:{self._port}/v2/"

        def _start_local_server(self) -> None:
            local = LocalLanguageTool.get_latest_installed_version()
            if local is None:
                if not self._writer_allow_download:
                    raise PathError(
                        f"LanguageTool is not installed in {download_folder()}: set LTP_PATH to "
                        "an installed copy, set grammar.server, or set grammar.download = true"
                    )
                local = LocalLanguageTool.from_version_name(self._language_tool_download_version)
                local.download()
            self._local_language_tool = local
            command = local.get_server_cmd(self._port, self._config)
            if self._writer_jvm_heap:
                command.insert(1, f"-Xmx{self._writer_jvm_heap}")
            self._server = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                text=True,
                startupinfo=lt_utils.startupinfo,
            )
            lt_server.RUNNING_SERVER_PROCESSES.append(self._server)
            try:
                self._wait_for_server_ready(timeout=int(STARTUP_SECONDS / STARTUP_PORTS))
            except ServerError:
                self._terminate_server()
                raise

    return BoundedLanguageTool


class VersionMemo(Protocol):
    """Remembers a server's LanguageTool version for a while (the cache keeps it)."""

    def remembered(self, name: str) -> str | None: ...

    def remember(self, name: str, value: str) -> None: ...


class LanguageToolBackend:
    """Checks texts with LanguageTool. Nothing is started or contacted until a text needs it,
    so a run whose paragraphs are all cached sends nothing and starts no Java.

    ``eager`` connects at once (``auto`` must know the server answers before choosing it).
    """

    name = "languagetool"

    def __init__(
        self, settings: GrammarSettings, memo: VersionMemo | None = None, *, eager: bool = False
    ) -> None:
        try:
            import language_tool_python  # noqa: F401
        except ImportError:
            raise GrammarUnavailable(
                "language-tool-python is not installed: pip install 'writer[languagetool]'"
            ) from None
        self.settings = settings
        self._tool: Any = None
        # The client keeps per-text state in class attributes: one request at a time.
        self._lock = threading.Lock()
        self.where = (
            f"the LanguageTool server at {settings.server}"
            if settings.server
            else "the local LanguageTool server"
        )
        self.label = (
            f"languagetool at {settings.server}" if settings.server else "languagetool (local)"
        )
        version: str | None
        if settings.server:
            self._memo_key = f"languagetool-version {server_url(settings.server)}"
            version = None if eager or memo is None else memo.remembered(self._memo_key)
            if version is None:
                self._connect()
                version = self._server_version()
                if memo is not None:
                    memo.remember(self._memo_key, version)
        else:
            local = local_languagetool()
            if local.usable:
                version = Path(local.where).name.removeprefix("LanguageTool-")
            elif settings.download and "Java" not in local.why:
                version = "download"
            else:
                raise GrammarUnavailable(
                    f"{local.why}: set LTP_PATH to an installed LanguageTool, set grammar.server, "
                    "or set grammar.download = true"
                )
            if eager:
                self._connect()
        self.version = version
        identity = {
            "backend": self.name,
            "server": server_url(settings.server) if settings.server else "local",
            "version": version,
            "language": settings.language,
            "mother_tongue": settings.mother_tongue,
            "disabled_rules": sorted(settings.disabled_rules),
            "enabled_rules": sorted(settings.enabled_rules),
            "disabled_categories": sorted(settings.disabled_categories),
            "picky": settings.picky,
        }
        self.fingerprint = hashlib.sha256(
            json.dumps(identity, sort_keys=True).encode("utf-8")
        ).hexdigest()[:32]

    def _connect(self) -> Any:
        """Build the client: for a local server this starts Java (bounded, see the module)."""
        if self._tool is not None:
            return self._tool
        settings = self.settings
        kwargs: dict[str, Any] = {
            "request_timeout": settings.timeout,
            "allow_download": settings.download,
            "jvm_heap": settings.jvm_heap,
            "language": settings.language,
            "mother_tongue": settings.mother_tongue,
        }
        if settings.server:
            kwargs["remote_server"] = server_url(settings.server)
        try:
            tool = _client_class()(**kwargs)
        except ValueError as exc:  # the server does not know the language
            raise GrammarUnavailable(
                f"{self.where} cannot check grammar.language = {settings.language!r} ({exc})"
            ) from None
        except Exception as exc:
            raise GrammarUnavailable(self._explain(exc)) from None
        tool.disabled_rules = set(settings.disabled_rules)
        tool.enabled_rules = set(settings.enabled_rules)
        tool.disabled_categories = set(settings.disabled_categories)
        tool.picky = settings.picky
        self._tool = tool
        return tool

    def _explain(self, exc: BaseException) -> str:
        name = type(exc).__name__
        detail = _first_line(exc)
        if name == "JavaError":
            return "Java is not installed: install Java 17 or newer, or set grammar.server"
        if name == "RateLimitError":
            return f"{self.where} refused the request (rate limit: {detail}): try again later"
        if "timed out" in detail.lower() or "timeout" in name.lower():
            return f"{self.where} did not answer within {self.settings.timeout:g} s"
        if name in ("PathError", "ServerError"):
            return detail
        return f"{self.where} failed: {detail}"

    def _server_version(self) -> str:
        """The server's LanguageTool version, asked once (with a fixed probe, not user text)."""
        tool = self._connect()
        try:
            answer = tool._query_server(
                urllib.parse.urljoin(tool.url, "check"),
                tool._create_params("Hello."),
                num_tries=1,
                method="post",
            )
            software = answer.get("software", {}) if isinstance(answer, dict) else {}
            return str(software.get("version", "unknown"))
        except Exception as exc:
            raise GrammarUnavailable(self._explain(exc)) from None

    def check(self, texts: Sequence[str]) -> list[list[GrammarMatch]]:
        results: list[list[GrammarMatch]] = [[] for _ in texts]
        batch: list[int] = []
        size = 0
        for index, text in enumerate(texts):
            if batch and size + len(text) > MAX_REQUEST_CHARS:
                self._check_batch(texts, batch, results)
                batch, size = [], 0
            batch.append(index)
            size += len(text) + len(_SEPARATOR)
        if batch:
            self._check_batch(texts, batch, results)
        return results

    def _check_batch(
        self, texts: Sequence[str], batch: list[int], results: list[list[GrammarMatch]]
    ) -> None:
        starts = []
        position = 0
        for index in batch:
            starts.append(position)
            position += len(texts[index]) + len(_SEPARATOR)
        joined = _SEPARATOR.join(texts[index] for index in batch)
        try:
            with self._lock:
                tool = self._connect()
                matches = tool.check(joined)
        except GrammarUnavailable:
            raise
        except UnreadableAnswer as exc:
            raise GrammarUnavailable(f"{self.where} {exc}") from None
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise GrammarUnavailable(
                f"{self.where} sent a match writer cannot read ({type(exc).__name__}: "
                f"{_first_line(exc, 80)})"
            ) from None
        except Exception as exc:
            raise GrammarUnavailable(self._explain(exc)) from None
        # Read every match before keeping any: one unreadable match refuses the whole answer.
        read: list[tuple[int, GrammarMatch]] = []
        for match in matches:
            try:
                start = int(match.offset)  # the client already counts code points here
                units = int(match.error_length)
                if start < 0 or units < 0 or start > len(joined):
                    raise ValueError("offset outside the text")
                end = utf16_end(joined, start, units)
                rule = str(match.rule_id)
                category = str(match.category)
                issue_type = str(match.rule_issue_type)
                message = str(match.message)
                replacements = tuple(str(r) for r in match.replacements)
            except (AttributeError, TypeError, ValueError) as exc:
                raise GrammarUnavailable(
                    f"{self.where} sent a match writer cannot read ({_first_line(exc, 80)})"
                ) from None
            if utf16_units(joined, start, end) < units:
                raise GrammarUnavailable(
                    f"{self.where} sent a match that ends after the text it was sent"
                )
            slot = _slot(starts, start)
            base = starts[slot]
            text = texts[batch[slot]]
            if end > base + len(text):
                continue  # crosses the blank line between two texts
            read.append(
                (
                    batch[slot],
                    GrammarMatch(
                        start=start - base,
                        end=end - base,
                        rule=rule,
                        message=message,
                        issue_type=issue_type,
                        category=category,
                        replacements=replacements,
                        spelling=category in SPELLING_CATEGORIES
                        or rule.startswith(("MORFOLOGIK_", "HUNSPELL_")),
                    ),
                )
            )
        for index, found in read:
            results[index].append(found)

    def close(self) -> None:
        if self._tool is not None:
            with contextlib.suppress(Exception):  # closing never fails a run
                self._tool.close()
            self._tool = None


def _slot(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1
