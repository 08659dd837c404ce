"""The language server: pygls's JSON-RPC and lifecycle, wired to the open documents, the check
worker and each feature.

Everything here runs on the server's event loop except checks (and fixes and vocabulary edits,
which use the linter too), which run on the check worker's thread. The loop only ever waits for
the worker with ``await``, so it keeps answering the client while a document is checked.

- ``textDocument/didOpen``, ``didChange`` (incremental), ``didClose``: the documents are kept here
  (not in pygls's workspace), so line breaks and positions follow the protocol exactly.
- A change is checked after a pause (``debounce``); a check publishes diagnostics only if the
  document is still open at the version that was checked.
- A config file that changes (reported by the client, saved in the editor, or found changed by a
  check) re-checks every open document.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol.language_server import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from writer import __version__
from writer.errors import WriterError
from writer.lsp import actions, completion, convert, hover, symbols
from writer.lsp.checking import Checked, DocumentChecker
from writer.lsp.documents import Documents, Range, Snapshot, TextChange
from writer.lsp.positions import ENCODINGS, UTF16
from writer.lsp.settings import ServerSettings
from writer.lsp.worker import Worker
from writer.settings.load import CONFIG_NAMES

log = logging.getLogger(__name__)

T = TypeVar("T")

# Files whose change can change what a check finds: configs, vocabularies, style rules, templates.
WATCHED = (
    "**/{" + ",".join((*CONFIG_NAMES, ".vale.ini", "_vale.ini", "accept.txt", "reject.txt")) + "}",
    "**/*.{yml,yaml}",
)
CONFIG_FILES = frozenset((*CONFIG_NAMES, ".vale.ini", "_vale.ini", "accept.txt", "reject.txt"))
FRESH_TIMEOUT = 5.0  # seconds a request waits for the check of the document's latest version


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class WriterProtocol(LanguageServerProtocol):
    """pygls's protocol, with the open documents kept by the server rather than pygls's
    workspace (one copy, split into lines as the protocol says)."""

    _server: WriterServer

    def structure_message(self, data: dict[str, Any]) -> Any:
        """A request whose params cannot be read gets an error answer (pygls only logs it), so
        the client does not wait for it forever; the server goes on either way."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "method" in data and "id" in data and "jsonrpc" in data:
                self._send_response(data["id"], None, exc.to_response_error())
            raise

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        self._server.opened(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self._server.changed(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        self._server.closed(params)


class WriterServer(LanguageServer):
    """``writer lsp``."""

    def __init__(
        self, settings: ServerSettings | None = None, clock: Callable[[], dt.datetime] = now
    ) -> None:
        super().__init__(
            "writer",
            __version__,
            protocol_cls=WriterProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.settings = settings or ServerSettings()
        self.clock = clock
        self.documents = Documents()
        self.checked: dict[str, Checked] = {}
        self.encoding = UTF16
        self.snippets = False
        self.resolve_support = False
        self._checker = DocumentChecker(self.settings)  # used on the worker's thread only
        self._worker: Worker | None = None
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._waiting: dict[str, list[asyncio.Future[Checked | None]]] = {}
        self._fixed: dict[str, tuple[Snapshot, types.TextEdit | None]] = {}  # fix-all, per uri
        self._logged: dict[str, set[str]] = {}  # notices already logged, per document
        self.shut_down = False  # a clean exit is a shutdown request, then the exit notification
        _register(self)

    # -- the worker ----------------------------------------------------------------------------
    @property
    def worker(self) -> Worker:
        if self._worker is None:
            self._worker = Worker()
        return self._worker

    async def on_worker(self, function: Callable[[], T]) -> T:
        """Run ``function`` on the check worker and wait for it without blocking the loop."""
        return await asyncio.wrap_future(self.worker.submit(function))

    # -- documents -----------------------------------------------------------------------------
    def opened(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        snapshot = Snapshot(item.uri, item.version, item.text, _path(item.uri), item.language_id)
        if not snapshot.is_markdown:
            return
        self.documents.open(snapshot)
        self.schedule(item.uri, 0.0)

    def changed(self, params: types.DidChangeTextDocumentParams) -> None:
        changes = [_change(change) for change in params.content_changes]
        uri = params.text_document.uri
        updated = self.documents.change(uri, params.text_document.version, changes, self.encoding)
        if updated is not None:
            self.schedule(uri, self.settings.debounce)

    def closed(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if self.documents.close(uri) is None:
            return
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.checked.pop(uri, None)
        self._fixed.pop(uri, None)
        self._logged.pop(uri, None)
        for waiter in self._waiting.pop(uri, []):
            if not waiter.done():
                waiter.set_result(None)  # the request is answered: nothing to say
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- checks --------------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float, *, urgent: bool = True) -> None:
        """Check ``uri`` after ``delay`` seconds without a further change."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if delay <= 0:
            self._queue_check(uri, urgent)
            return
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(delay, self._queue_check, uri, urgent)

    def recheck_all(self, *, but: str | None = None) -> None:
        for snapshot in self.documents.all():
            if snapshot.uri != but:
                self.schedule(snapshot.uri, 0.0, urgent=False)

    def _queue_check(self, uri: str, urgent: bool) -> None:
        self._timers.pop(uri, None)
        loop = asyncio.get_running_loop()
        self.worker.submit_check(uri, lambda: self._check(uri, loop), urgent=urgent)

    def _check(self, uri: str, loop: asyncio.AbstractEventLoop) -> None:
        """On the worker: check the document's latest text, then hand the result to the loop."""
        snapshot = self.documents.get(uri)
        if snapshot is None:
            return  # closed while it waited
        checker = self._checker
        config_changed = checker.config_changed(snapshot.path)
        if config_changed:
            log.info("a config file changed: checking every open document again")
            checker.reset()
        checked = checker.check(snapshot, self.encoding)
        loop.call_soon_threadsafe(self._checked, checked, config_changed)

    def _checked(self, checked: Checked, config_changed: bool) -> None:
        """On the loop: publish a check's findings if the document is still the text checked."""
        if config_changed:
            self.recheck_all(but=checked.uri)
        if self.documents.get(checked.uri) is not checked.snapshot:
            return  # closed, changed or opened again since: the newer text's check publishes
        self.checked[checked.uri] = checked
        log.info(
            "checked %s (version %d) in %.1f ms (%.1f ms of CPU): %d findings",
            checked.snapshot.display,
            checked.version,
            checked.seconds * 1000,
            checked.cpu_seconds * 1000,
            len(checked.findings),
        )
        self._log_notices(checked)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=checked.uri,
                diagnostics=convert.diagnostics(checked, self.settings.rule_url),
                version=checked.version,
            )
        )
        for waiter in self._waiting.pop(checked.uri, []):
            if not waiter.done():
                waiter.set_result(checked)

    def _log_notices(self, checked: Checked) -> None:
        logged = self._logged.setdefault(checked.uri, set())
        for notice in checked.notices:
            if notice not in logged:
                logged.add(notice)
                self.log(f"{checked.snapshot.display}: {notice}", types.MessageType.Info)

    async def fresh(self, uri: str, *, now: bool = False) -> Checked | None:
        """The check of the document's current version. While the author types, a request
        waits for the check after the pause rather than checking every keystroke (editors ask
        for code actions at each cursor move); ``now`` checks at once, for what the author
        asked for and waits on."""
        snapshot = self.documents.get(uri)
        if snapshot is None:
            return None
        checked = self.checked.get(uri)
        if checked is not None and checked.snapshot is snapshot:
            return checked
        waiter: asyncio.Future[Checked | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(uri, []).append(waiter)
        if now or uri not in self._timers:
            self.schedule(uri, 0.0)
        try:
            return await asyncio.wait_for(waiter, FRESH_TIMEOUT)
        except asyncio.TimeoutError:
            return None

    # -- configuration -------------------------------------------------------------------------
    def apply_settings(self, options: object) -> None:
        settings, problems = self.settings.updated(options)
        for problem in problems:
            self.log(problem, types.MessageType.Warning)
        if settings == self.settings:
            return
        self.settings = settings
        self.configuration_changed()

    def configuration_changed(self) -> None:
        """Read every config afresh and check every open document again."""
        settings = self.settings
        self.worker.submit(lambda: self._checker.reset(settings))
        self.recheck_all()

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        level = logging.WARNING if kind <= types.MessageType.Warning else logging.INFO
        log.log(level, "%s", message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A message that could not be read or handled: logged, and the server goes on (no
        pop-up in the editor for what the user cannot act on)."""
        log.error("%s: %s", getattr(source, "__name__", source), error)
        try:
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=f"writer: {error}")
            )
        except Exception:  # the connection itself may be what failed
            log.debug("could not send the error to the client", exc_info=True)

    def stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop()


def _register(server: WriterServer) -> None:
    """The features, each a small handler over the modules that compute its answer."""

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        encoding = str(server.workspace.position_encoding or UTF16)
        server.encoding = encoding if encoding in ENCODINGS else UTF16
        capabilities = params.capabilities.text_document
        completion_item = (
            capabilities.completion.completion_item
            if capabilities and capabilities.completion
            else None
        )
        server.snippets = bool(completion_item and completion_item.snippet_support)
        resolve = (
            capabilities.code_action.resolve_support
            if capabilities and capabilities.code_action
            else None
        )
        server.resolve_support = bool(resolve and "edit" in resolve.properties)
        server.settings, problems = server.settings.updated(params.initialization_options)
        server._checker.reset(server.settings)
        for problem in problems:
            log.warning("%s", problem)

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        workspace = server.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if not (watched and watched.dynamic_registration):
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        )
        registration = types.Registration(
            id="writer-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await server.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as exc:  # a client that refuses still gets re-checks on save
            log.warning("could not watch config files: %s", exc)

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.shut_down = True
        server.stop_worker()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is not None and (path.name in CONFIG_FILES or path.suffix in (".yml", ".yaml")):
            server.configuration_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        if params.changes:
            server.configuration_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        workspace = server.client_capabilities.workspace
        if not settings and workspace is not None and workspace.configuration:
            try:
                answer = await server.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="writer")])
                )
                settings = answer[0] if answer else None
            except Exception as exc:
                log.warning("could not read the client's settings: %s", exc)
        server.apply_settings(settings)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(params: types.HoverParams) -> types.Hover | None:
        checked = await server.fresh(params.text_document.uri)
        if checked is None:
            return None
        offset = checked.offset(params.position.line, params.position.character)
        return hover.hover(checked, offset, server.settings.rule_url)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def on_symbols(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        checked = await server.fresh(params.text_document.uri)
        return symbols.document_symbols(checked) if checked is not None else []

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["|", "-"]),
    )
    async def on_completion(params: types.CompletionParams) -> types.CompletionList | None:
        uri = params.text_document.uri
        snapshot = server.documents.get(uri)
        where = params.position
        if snapshot is None or not completion.may_start_row(snapshot.text, where, server.encoding):
            return types.CompletionList(is_incomplete=False, items=[])  # no check for a "-"
        checked = await server.fresh(uri, now=True)
        if checked is None:
            return None
        offset = checked.offset(params.position.line, params.position.character)
        items = completion.completions(checked, offset, server.clock, server.snippets)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll],
            resolve_provider=True,
        ),
    )
    async def on_code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        checked = await server.fresh(params.text_document.uri)
        if checked is None:
            return None
        only = [str(kind) for kind in params.context.only] if params.context.only else None
        result: list[types.CodeAction] = []
        if actions.wanted(only, types.CodeActionKind.QuickFix):
            where = params.range
            start = checked.offset(where.start.line, where.start.character)
            end = checked.offset(where.end.line, where.end.character)
            result += actions.finding_actions(checked, start, end, server.settings.rule_url)
        if actions.wanted(only, types.CodeActionKind.SourceFixAll):
            if server.resolve_support:
                fix_all = actions.fix_all_action(checked, None, resolve_later=True)
            else:
                edit = await _fix_all_edit(server, checked)
                fix_all = actions.fix_all_action(checked, edit, resolve_later=False)
            if fix_all is not None:
                result.append(fix_all)
        return result

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def on_code_action_resolve(action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if not isinstance(data, dict) or data.get("action") != actions.FIX_ALL:
            return action
        checked = server.checked.get(str(data.get("uri")))
        if checked is None or checked.version != data.get("version"):
            return action  # the document moved on: the client asks again
        edit = await _fix_all_edit(server, checked)
        if edit is not None:
            action.edit = convert.workspace_edit(checked, [edit])
        return action

    @server.command(actions.ADD_TO_VOCABULARY)
    async def add_to_vocabulary(*arguments: Any) -> str | None:
        if len(arguments) != 2 or not all(isinstance(a, str) for a in arguments):
            raise ValueError(f"{actions.ADD_TO_VOCABULARY} takes a document URI and a word")
        uri, word = arguments
        snapshot = server.documents.get(uri)
        if snapshot is None:
            return None
        try:
            change = await server.on_worker(
                lambda: server._checker.add_to_vocabulary(snapshot, word)
            )
        except WriterError as exc:
            server.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"writer: {exc}")
            )
            return None
        where = change.path
        message = (
            f"added '{word}' to the vocabulary ({where})"
            if change.changed
            else f"'{word}' is already in the vocabulary ({where})"
        )
        server.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Info, message=f"writer: {message}")
        )
        server.recheck_all()
        return str(where)


async def _fix_all_edit(server: WriterServer, checked: Checked) -> types.TextEdit | None:
    """The edit applying every safe fix to the checked version, computed once per version."""
    cached = server._fixed.get(checked.uri)
    if cached is not None and cached[0] is checked.snapshot:
        return cached[1]
    snapshot = checked.snapshot
    fixed = await server.on_worker(lambda: server._checker.fix_all(snapshot))
    edit = convert.whole_text_edit(snapshot.text, fixed, server.encoding)
    server._fixed[checked.uri] = (snapshot, edit)
    return edit


def _path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    try:
        path = to_fs_path(uri)
    except Exception:
        return None
    return Path(path) if path else None


def _change(change: types.TextDocumentContentChangeEvent) -> TextChange:
    if isinstance(change, types.TextDocumentContentChangePartial):
        where = change.range
        return TextChange(
            change.text,
            Range(where.start.line, where.start.character, where.end.line, where.end.character),
        )
    return TextChange(change.text)


def serve(
    settings: ServerSettings,
    tcp: tuple[str, int] | None = None,
    stdin: Any = None,
    stdout: Any = None,
) -> int:
    """Run the server until the client says exit (or the connection closes); 0 when the
    client shut it down first, as the protocol asks, else 1."""
    server = WriterServer(settings)
    try:
        if tcp is not None:
            server.start_tcp(*tcp)
        else:
            server.start_io(stdin, stdout)
    finally:
        server.stop_worker()
    return 0 if server.shut_down else 1
