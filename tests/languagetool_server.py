"""A loopback server speaking LanguageTool's HTTP API v2, for the grammar tests.

It stands in for a real LanguageTool server because none can be installed or downloaded on the
machines these tests run on. It answers what the language-tool-python client asks for:
``GET /v2/languages``, ``GET /v2/healthcheck`` and ``POST /v2/check`` (form fields ``text``,
``language``, ``motherTongue``, ``disabledRules``, ``enabledRules``, ``disabledCategories``,
``level``), with the JSON fields a real server sends (``software``, ``language``, ``matches`` with
``message``, ``shortMessage``, ``replacements``, ``offset``, ``length``, ``context``,
``sentence``, ``type``, ``rule`` with ``id``, ``description``, ``issueType`` and ``category``).
Like the real server it counts offsets and lengths in UTF-16 code units.

It knows three real LanguageTool rules, enough to test the client end to end: spelling
(``MORFOLOGIK_RULE_EN_US``, from a small list of misspellings), ``EN_A_VS_AN`` and
``ENGLISH_WORD_REPEAT_RULE``. ``behaviour`` makes it misbehave, to prove writer survives it:

- ``slow`` (every check waits ``delay`` seconds), ``slow-some`` (only checks whose text holds
  ``SLOW_MARK``), ``hang`` (every request is read and never answered), ``drip`` (the answer comes
  a byte every 0.1 s);
- ``drop`` (the connection is closed before any answer), ``drop-mid`` (closed halfway through the
  body);
- ``error`` (HTTP 500), ``rate-limit`` (HTTP 429);
- garbage: ``not-json``, ``wrong-json``, ``matches-not-list``, ``match-wrong-shape``,
  ``offset-out-of-range``, ``negative-offset``, ``too-many-matches`` (more matches than
  characters, in a small answer);
- ``huge``: a 50 MB answer holding 100,000 matches.

Stalled handlers are released by :meth:`LanguageToolStandIn.reset` and ``stop``. The tests marked
``languagetool_server`` run the same checks against a real server named by
``WRITER_LANGUAGETOOL_URL``.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VERSION = "6.4"
LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
    {"name": "French", "code": "fr", "longCode": "fr"},
]
MISSPELLINGS = {
    "recieve": ["receive"],
    "tomorow": ["tomorrow"],
    "teh": ["the", "ten", "tech"],
    "Munday": ["Monday"],
    "definately": ["definitely"],
    "seperate": ["separate"],
}
SLOW_MARK = "Slowpoke"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_VOWEL_SOUND = re.compile(r"[aeiouAEIOU]")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start))
    left = 0 if left < 0 else left + 2
    right = text.find(". ", end)
    right = len(text) if right < 0 else right + 1
    return text[left:right].strip()


def _match(
    text: str,
    start: int,
    end: int,
    rule: dict[str, Any],
    message: str,
    short: str,
    replacements: list[str],
) -> dict[str, Any]:
    context_start = max(0, start - 40)
    context_end = min(len(text), end + 40)
    return {
        "message": message,
        "shortMessage": short,
        "replacements": [{"value": value} for value in replacements],
        "offset": utf16_len(text[:start]),
        "length": utf16_len(text[start:end]),
        "context": {
            "text": text[context_start:context_end],
            "offset": utf16_len(text[context_start:start]),
            "length": utf16_len(text[start:end]),
        },
        "sentence": _sentence(text, start, end),
        "type": {"typeName": "Other"},
        "rule": rule,
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


SPELLING = {
    "id": "MORFOLOGIK_RULE_EN_US",
    "description": "Possible spelling mistake",
    "issueType": "misspelling",
    "category": {"id": "TYPOS", "name": "Possible Typo"},
}
A_VS_AN = {
    "id": "EN_A_VS_AN",
    "description": "Use of 'a' vs. 'an'",
    "issueType": "misspelling",
    "category": {"id": "MISC", "name": "Miscellaneous"},
}
WORD_REPEAT = {
    "id": "ENGLISH_WORD_REPEAT_RULE",
    "description": "Word repetition (e.g. 'will will')",
    "issueType": "duplication",
    "category": {"id": "MISC", "name": "Miscellaneous"},
}


def find_matches(text: str, params: dict[str, str]) -> list[dict[str, Any]]:
    disabled = set(filter(None, params.get("disabledRules", "").split(",")))
    disabled_categories = set(filter(None, params.get("disabledCategories", "").split(",")))
    words = list(_WORD.finditer(text))
    matches = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        value = word.group()
        if value in MISSPELLINGS:
            matches.append(
                _match(
                    text,
                    word.start(),
                    word.end(),
                    SPELLING,
                    "Possible spelling mistake found.",
                    "Spelling mistake",
                    MISSPELLINGS[value],
                )
            )
        gap = text[word.end() : following.start()] if following else ""
        if following is None or not gap.isspace() or "\n\n" in gap:
            continue
        if value in ("a", "A") and _VOWEL_SOUND.match(following.group()):
            matches.append(
                _match(
                    text,
                    word.start(),
                    word.end(),
                    A_VS_AN,
                    "Use “an” instead of ‘a’ if the following word starts with a vowel sound, "
                    "e.g. ‘an article’, ‘an hour’.",
                    "Wrong article",
                    ["an" if value == "a" else "An"],
                )
            )
        if value.lower() == following.group().lower() and value.lower() not in ("had", "that"):
            matches.append(
                _match(
                    text,
                    word.start(),
                    following.end(),
                    WORD_REPEAT,
                    "Possible typo: you repeated a word.",
                    "Word repetition",
                    [value],
                )
            )
    return [
        m
        for m in sorted(matches, key=lambda m: m["offset"])
        if m["rule"]["id"] not in disabled
        and m["rule"]["category"]["id"] not in disabled_categories
    ]


def _garbage(behaviour: str, text: str) -> Any:
    """A well-formed HTTP answer whose JSON is wrong in the way ``behaviour`` names, or None."""
    good = _match(text, 0, min(3, len(text)), WORD_REPEAT, "Repeated word.", "Rep", ["The"])
    if behaviour == "matches-not-list":
        return {"software": {"version": VERSION}, "matches": 5}
    if behaviour == "match-wrong-shape":
        return {"software": {"version": VERSION}, "matches": [{"offset": 0, "rule": "R"}]}
    if behaviour == "offset-out-of-range":
        return {"software": {"version": VERSION}, "matches": [{**good, "offset": 10**6}]}
    if behaviour == "negative-offset":
        return {"software": {"version": VERSION}, "matches": [{**good, "offset": -5}]}
    if behaviour == "too-many-matches":
        return {"software": {"version": VERSION}, "matches": [good] * (len(text) + 100)}
    return None


class LanguageToolStandIn:
    """Start with :meth:`start`; ``url`` is the base URL; ``requests`` records every check."""

    def __init__(self) -> None:
        self.behaviour = "ok"
        self.delay = 0.0
        self.requests: list[dict[str, str]] = []
        self.hits: dict[str, int] = {}
        self.release = threading.Event()  # set to free stalled handlers
        self._huge: bytes | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def check_count(self) -> int:
        return len(self.requests)

    def reset(self) -> None:
        self.release.set()
        self.release = threading.Event()
        self.behaviour = "ok"
        self.delay = 0.0
        self.requests.clear()
        self.hits.clear()

    def huge_answer(self) -> bytes:
        """About 50 MB: 100,000 well-formed matches (built once)."""
        if self._huge is None:
            one = _match("The the", 0, 7, WORD_REPEAT, "Possible typo: " + "x" * 40, "R", ["The"])
            body = json.dumps({"software": {"name": "LanguageTool", "version": VERSION}})
            matches = ",".join([json.dumps(one)] * 100_000)
            self._huge = (body[:-1] + ', "matches": [' + matches + "]}").encode("utf-8")
        return self._huge

    def start(self) -> LanguageToolStandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow-server tests)

            def _json(self, data: Any) -> None:
                self._send(200, json.dumps(data).encode("utf-8"), "application/json")

            def _stalled(self) -> bool:
                """Misbehave before reading what was asked; True when nothing more is sent."""
                behaviour = stand_in.behaviour
                if behaviour == "hang":
                    stand_in.release.wait(600)
                    self.close_connection = True
                    return True
                if behaviour == "drop":
                    self._drop()
                    return True
                return False

            def _drop(self) -> None:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)

            def _drip(self, body: bytes) -> None:
                release = stand_in.release
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    for index in range(len(body)):
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        if release.wait(0.1):
                            break
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            def do_GET(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                stand_in.hits[path] = stand_in.hits.get(path, 0) + 1
                if self._stalled():
                    return
                if path == "/v2/languages":
                    self._json(LANGUAGES)
                elif path == "/v2/healthcheck":
                    self._send(200, b"OK", "text/plain")
                elif path == "/v2/check":
                    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                    self._check(query)
                else:
                    self._send(404, b"Not found", "text/plain")

            def do_POST(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                stand_in.hits[path] = stand_in.hits.get(path, 0) + 1
                if self._stalled():
                    return
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode("utf-8")
                if path != "/v2/check":
                    self._send(404, b"Not found", "text/plain")
                    return
                self._check(dict(urllib.parse.parse_qsl(body, keep_blank_values=True)))

            def _check(self, params: dict[str, str]) -> None:
                stand_in.requests.append(params)
                behaviour = stand_in.behaviour
                if behaviour == "slow" or (
                    behaviour == "slow-some" and SLOW_MARK in params.get("text", "")
                ):
                    stand_in.release.wait(stand_in.delay)
                if behaviour == "huge":
                    self._send(200, stand_in.huge_answer(), "application/json")
                    return
                garbage = _garbage(behaviour, params.get("text", ""))
                if garbage is not None:
                    self._json(garbage)
                    return
                if behaviour == "error":
                    self._send(500, b"Error: Internal Server Error", "text/plain")
                    return
                if behaviour == "rate-limit":
                    self._send(
                        429,
                        b"Error: Too many requests. Please try again later.",
                        "text/plain",
                    )
                    return
                if behaviour == "not-json":
                    self._send(200, b"<html><body>proxy error</body></html>", "text/html")
                    return
                if behaviour == "wrong-json":
                    self._json({"status": "fine"})
                    return
                if "language" not in params or "text" not in params:
                    self._send(400, b"Error: Missing 'text' or 'language'", "text/plain")
                    return
                code = params["language"]
                if code not in {entry["longCode"] for entry in LANGUAGES}:
                    self._send(
                        400, f"Error: '{code}' is not a language code".encode(), "text/plain"
                    )
                    return
                text = params["text"]
                answer = json.dumps(
                    {
                        "software": {
                            "name": "LanguageTool",
                            "version": VERSION,
                            "buildDate": "2024-03-28 16:00:00 +0000",
                            "apiVersion": 1,
                            "premium": False,
                            "status": "",
                        },
                        "warnings": {"incompleteResults": False},
                        "language": {
                            "name": "English (US)",
                            "code": code,
                            "detectedLanguage": {
                                "name": "English (US)",
                                "code": code,
                                "confidence": 0.9,
                            },
                        },
                        "matches": find_matches(text, params),
                    }
                ).encode("utf-8")
                if behaviour == "drip":
                    self._drip(answer)
                elif behaviour == "drop-mid":
                    try:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(answer)))
                        self.end_headers()
                        self.wfile.write(answer[: len(answer) // 2])
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self._drop()
                else:
                    self._send(200, answer, "application/json")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
