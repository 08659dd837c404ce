"""``writer lsp`` end to end: a real server process, a real JSON-RPC client over its standard
input and output, every feature as an editor uses it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.lsp_client import (
    CAPABILITIES,
    LspClient,
    ServerError,
    apply_edits,
    server_command,
    utf16_position,
)
from tests.lsp_soak import expected, shown

POSTMORTEM = """\
---
template: postmortem
status: draft
authors: [Ada Lovelace]
date: 2026-03-14
severity: SEV-2
---

# Checkout errors after a config push 😀

## Summary

Checkout 😀 failed: the engineer forgot to check the canary, which was human error.
日本語 users were hit first, for 40 minutes after a config push.
We will add a a staged rollout from now on.

## Timeline

All times in UTC.

| Time | Event |
|------|-------|
| 14:02 | Config pushed to every region |
| 14:06 | Alert fired for checkout errors |
| 14:40 | Rolled back; errors back to normal |

## Action items

| Item | Owner | Ticket | Due |
|---|---|---|---|
| Add a canary stage for config pushes | @ada | OPS-1 | 2026-04-01 |
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


def start(
    workspace: Path,
    *,
    options: dict[str, Any] | None = None,
    capabilities: dict[str, Any] | None = None,
    argv: list[str] | None = None,
) -> LspClient:
    client = LspClient(argv, cwd=workspace, stderr=(workspace.parent / "server.log").open("w"))
    client.initialize(workspace, capabilities, options)
    return client


@pytest.fixture
def server(workspace: Path) -> Iterator[LspClient]:
    client = start(workspace, options={"debounceMs": 50})
    yield client
    client.kill()


def in_text(text: str, phrase: str) -> dict[str, Any]:
    start = text.index(phrase)
    return {"start": utf16_position(text, start), "end": utf16_position(text, start + len(phrase))}


def codes(diagnostics: list[dict[str, Any]]) -> set[str]:
    return {d["code"] for d in diagnostics}


def actions_at(
    client: LspClient, uri: str, where: dict[str, Any], only: list[str] | None = None
) -> Any:
    context: dict[str, Any] = {"diagnostics": []}
    if only:
        context["only"] = only
    return client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": where, "context": context},
    )


def edits_of(action: dict[str, Any], uri: str) -> list[dict[str, Any]]:
    changes = action["edit"]["documentChanges"]
    assert [c["textDocument"]["uri"] for c in changes] == [uri]
    return list(changes[0]["edits"])


# -- the whole round an editor makes ------------------------------------------------------------
def test_initialize_open_diagnose_fix_follow_and_shut_down(
    server: LspClient, workspace: Path
) -> None:
    document = workspace / "checkout.md"
    uri = document.as_uri()
    server.open(uri, POSTMORTEM)
    diagnostics = server.diagnostics(uri, 1)

    # Every finding writer lint reports, each where it is in UTF-16 (emoji and CJK on the line).
    assert shown(diagnostics) == expected(POSTMORTEM, document)
    by_code = {d["code"]: d for d in diagnostics}
    blame = by_code["style.blameless.HumanError"]
    assert blame["range"] == in_text(POSTMORTEM, "human error")
    line = POSTMORTEM.split("\n")[blame["range"]["start"]["line"]]
    assert blame["range"]["start"]["character"] == line.index("human error") + 1  # 😀: 2 units
    assert blame["severity"] == 2 and blame["source"] == "writer"
    assert blame["codeDescription"]["href"].endswith("#style.blameless.HumanError")
    plain = by_code["prose.repeated-word"]
    assert plain["range"] == in_text(POSTMORTEM, "a a")
    severities = {d["code"]: d["severity"] for d in diagnostics}
    assert severities.get("structure.missing-section") == 1  # errors are errors
    assert severities.get("style.blameless.Counterfactual", 3) == 3  # suggestions: information

    # The fix for 'a a', applied as the editor applies it, then the text changes.
    fixes = [a for a in actions_at(server, uri, plain["range"]) if a["title"].startswith("Fix:")]
    # The doubled word's own fix, and the spelling checker's article fix for the same words.
    fixes = [a for a in fixes if "second" in a["title"]]
    assert [a["title"] for a in fixes] == ["Fix: delete the second 'a'"]
    assert fixes[0]["isPreferred"] is True
    assert fixes[0]["edit"]["documentChanges"][0]["textDocument"]["version"] == 1
    edits = edits_of(fixes[0], uri)
    assert fixes[0]["edit"]["changes"] == {uri: edits}  # for clients without versioned edits
    fixed = apply_edits(POSTMORTEM, edits)
    assert "We will add a staged rollout" in fixed
    server.change(uri, 2, [{"range": e["range"], "text": e["newText"]} for e in edits])
    after = server.diagnostics(uri, 2)
    assert "prose.repeated-word" not in codes(after)
    assert shown(after) == expected(fixed, document)

    # Typing before the emoji moves the findings after it, by UTF-16 units.
    line = fixed.split("\n").index(next(x for x in fixed.split("\n") if x.startswith("Checkout")))
    insert = {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}
    server.change(uri, 3, [{"range": insert, "text": "😀 "}])
    moved = apply_edits(fixed, [{"range": insert, "newText": "😀 "}])
    final = server.diagnostics(uri, 3)
    assert shown(final) == expected(moved, document)
    human = next(d for d in final if d["code"] == "style.blameless.HumanError")
    assert human["range"]["start"]["character"] == blame["range"]["start"]["character"] + 3

    assert server.shutdown() == 0


def test_the_client_may_ask_for_utf8_positions(workspace: Path) -> None:
    capabilities = {**CAPABILITIES, "general": {"positionEncodings": ["utf-8"]}}
    client = start(workspace, capabilities=capabilities, options={"debounceMs": 0})
    try:
        uri = (workspace / "pm.md").as_uri()
        client.open(uri, POSTMORTEM)
        diagnostics = client.diagnostics(uri, 1)
        human = next(d for d in diagnostics if d["code"] == "style.blameless.HumanError")
        line_text = POSTMORTEM.split("\n")[human["range"]["start"]["line"]]
        column = len(line_text[: line_text.index("human error")].encode("utf-8"))
        assert human["range"]["start"]["character"] == column
    finally:
        client.kill()


def test_capabilities_say_what_the_server_does(workspace: Path) -> None:
    client = LspClient(cwd=workspace)
    try:
        result = client.initialize(workspace)
        capabilities = result["capabilities"]
        assert capabilities["positionEncoding"] == "utf-16"
        assert capabilities["textDocumentSync"]["change"] == 2  # incremental
        assert capabilities["hoverProvider"] and capabilities["documentSymbolProvider"]
        assert set(capabilities["codeActionProvider"]["codeActionKinds"]) == {
            "quickfix",
            "source.fixAll",
        }
        assert "writer.addToVocabulary" in capabilities["executeCommandProvider"]["commands"]
        assert result["serverInfo"]["name"] == "writer"
        # It asks to hear about config files changing.
        deadline = time.monotonic() + 10
        while not client.requests_from_server and time.monotonic() < deadline:
            time.sleep(0.05)
        registration = client.requests_from_server[0]["params"]["registrations"][0]
        assert registration["method"] == "workspace/didChangeWatchedFiles"
        assert client.shutdown() == 0
    finally:
        client.kill()


# -- the worker under pressure ------------------------------------------------------------------
def test_changes_faster_than_checks_finish(workspace: Path) -> None:
    """Each change asks for a check at once (no pause), far faster than checks run: the server
    keeps answering, coalesces the checks, and ends on the diagnostics of the last text."""
    client = start(workspace, options={"debounceMs": 0})
    try:
        document = workspace / "burst.md"
        uri = document.as_uri()
        text = POSTMORTEM * 3
        client.open(uri, text)
        client.diagnostics(uri, 1)
        end = text.index("We will add a a")
        version = 1
        for index in range(60):
            version += 1
            where = utf16_position(text, end)
            change = {"range": {"start": where, "end": where}, "text": f"Really {index}. "}
            text = text[:end] + change["text"] + text[end:]
            client.change(uri, version, [change])
            if index == 30:  # a request in the middle of the burst is answered
                started = time.monotonic()
                symbols = client.request(
                    "textDocument/documentSymbol", {"textDocument": {"uri": uri}}
                )
                assert symbols and time.monotonic() - started < 10
        final = client.diagnostics(uri, version)
        assert shown(final) == expected(text, document)
        published = client.published(uri)
        versions = [p["version"] for p in published]
        assert versions == sorted(versions)  # never an older text's findings after a newer's
        assert len(published) < 61  # checks were coalesced, not one per change
    finally:
        client.kill()


def test_a_document_closed_while_it_is_checked_gets_nothing_after_the_close(
    workspace: Path,
) -> None:
    client = start(workspace, options={"debounceMs": 0})
    try:
        uri = (workspace / "closing.md").as_uri()
        big = POSTMORTEM * 40  # long enough that its check is still running at the close
        client.open(uri, big)
        time.sleep(0.05)
        client.close(uri)
        other = (workspace / "other.md").as_uri()
        client.open(other, POSTMORTEM)
        client.diagnostics(other, 1, timeout=60)  # the worker got past the closed document
        time.sleep(0.5)
        published = client.published(uri)
        assert published and published[-1]["diagnostics"] == []
        hover = client.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        )
        assert hover is None  # a closed document is not known any more
    finally:
        client.kill()


def test_a_malformed_message_is_logged_and_the_server_keeps_serving(
    workspace: Path,
) -> None:
    client = start(workspace, options={"debounceMs": 0})
    try:
        client.send_raw(b"{this is not json")
        client.send_raw(
            b'{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": 7}'
        )
        client.send_raw(b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {}}')
        with pytest.raises(ServerError, match=r"-32602"):
            client.response(99, timeout=10)
        uri = (workspace / "after.md").as_uri()
        client.open(uri, POSTMORTEM)
        assert client.diagnostics(uri, 1)
        assert client.shutdown() == 0
    finally:
        client.kill()
    log = (workspace.parent / "server.log").read_text()
    assert "Unable to handle message" in log or "Unable to deserialize" in log


# -- code actions -------------------------------------------------------------------------------
def test_ignore_here_inserts_the_suppression_comment(server: LspClient, workspace: Path) -> None:
    uri = (workspace / "pm.md").as_uri()
    server.open(uri, POSTMORTEM)
    diagnostics = server.diagnostics(uri, 1)
    human = next(d for d in diagnostics if d["code"] == "style.blameless.HumanError")
    ignore = next(
        a
        for a in actions_at(server, uri, human["range"])
        if a["title"] == "Ignore style.blameless.HumanError here"
    )
    text = apply_edits(POSTMORTEM, edits_of(ignore, uri))
    assert (
        "<!-- writer-disable-next-line style.blameless.HumanError -->\nCheckout 😀 failed" in text
    )
    server.change(uri, 2, [{"text": text}])
    after = server.diagnostics(uri, 2)
    assert "style.blameless.HumanError" not in codes(after)
    assert "prose.repeated-word" in codes(after)  # only that rule, only there


def test_fix_all_applies_every_safe_fix(workspace: Path) -> None:
    client = start(workspace, options={"debounceMs": 0})
    try:
        uri = (workspace / "pm.md").as_uri()
        text = POSTMORTEM.replace("from now on", "from now now on")
        client.open(uri, text)
        client.diagnostics(uri, 1)
        (action,) = actions_at(
            client,
            uri,
            {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            only=["source.fixAll"],
        )
        assert action["kind"] == "source.fixAll"
        fixed = apply_edits(text, edits_of(action, uri))
        assert "a a " not in fixed and "now now" not in fixed
        assert "We will add a staged rollout from now on." in fixed
    finally:
        client.kill()


def test_fix_all_is_resolved_when_the_client_resolves_edits(workspace: Path) -> None:
    capabilities = {
        **CAPABILITIES,
        "textDocument": {
            **CAPABILITIES["textDocument"],
            "codeAction": {"resolveSupport": {"properties": ["edit"]}},
        },
    }
    client = start(workspace, capabilities=capabilities, options={"debounceMs": 0})
    try:
        uri = (workspace / "pm.md").as_uri()
        client.open(uri, POSTMORTEM)
        client.diagnostics(uri, 1)
        zero = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
        (action,) = actions_at(client, uri, zero, only=["source.fixAll"])
        assert "edit" not in action and action["data"]["version"] == 1
        resolved = client.request("codeAction/resolve", action)
        assert "We will add a staged" in apply_edits(POSTMORTEM, edits_of(resolved, uri))
    finally:
        client.kill()


def test_a_missing_section_is_inserted_where_it_belongs_with_its_guidance(
    server: LspClient, workspace: Path
) -> None:
    uri = (workspace / "pm.md").as_uri()
    server.open(uri, POSTMORTEM)
    diagnostics = server.diagnostics(uri, 1)
    impact = next(
        d
        for d in diagnostics
        if d["code"] == "structure.missing-section" and "'Impact'" in d["message"]
    )
    insert = next(
        a
        for a in actions_at(server, uri, impact["range"])
        if a["title"] == "Insert the missing section 'Impact'"
    )
    text = apply_edits(POSTMORTEM, edits_of(insert, uri))
    summary_end = text.index("## Impact")
    assert text.index("## Summary") < summary_end < text.index("## Timeline")
    assert "from now on.\n\n## Impact\n\n<!--\nWho and what was affected" in text
    assert "readers will wonder.\n-->\n\n## Timeline" in text
    server.change(uri, 2, [{"text": text}])
    after = server.diagnostics(uri, 2)
    missing = [d["message"] for d in after if d["code"] == "structure.missing-section"]
    assert not any("'Impact'" in message for message in missing)


def test_a_spelling_finding_adds_its_word_to_the_vocabulary(workspace: Path) -> None:
    pytest.importorskip("harper", reason="harper-py (the offline grammar backend) is not installed")
    config = workspace / ".writer.toml"
    config.write_text('[grammar]\nbackend = "harper"\n', encoding="utf-8")
    client = start(workspace, options={"debounceMs": 0})
    try:
        uri = (workspace / "plan.md").as_uri()
        text = "# Plan\n\nThe scheduller restarts every night.\n"
        client.open(uri, text)
        diagnostics = client.diagnostics(uri, 1)
        spelling = next(d for d in diagnostics if d["code"] == "grammar.harper.SpellCheck")
        # Grammar goes through the cache writer lint uses (its findings kept per paragraph).
        assert (Path(os.environ["XDG_CACHE_HOME"]) / "writer" / "grammar-v1.sqlite3").is_file()
        add = next(
            a
            for a in actions_at(client, uri, spelling["range"])
            if a["title"] == "Add 'scheduller' to the vocabulary"
        )
        mark = client.mark()
        command = add["command"]
        client.request(
            "workspace/executeCommand",
            {"command": command["command"], "arguments": command["arguments"]},
        )
        assert "scheduller" in config.read_text(encoding="utf-8")
        after = client.diagnostics(uri, 1, after=mark)
        assert "grammar.harper.SpellCheck" not in codes(after)
    finally:
        client.kill()


# -- hover, symbols, completion -----------------------------------------------------------------
def test_hover_explains_the_rule_with_its_examples(server: LspClient, workspace: Path) -> None:
    uri = (workspace / "pm.md").as_uri()
    server.open(uri, POSTMORTEM)
    server.diagnostics(uri, 1)
    where = in_text(POSTMORTEM, "a a")["start"]
    where = {"line": where["line"], "character": where["character"] + 2}
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": where})
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown"
    assert "`prose.repeated-word`" in value and "Flagged:" in value and "Accepted:" in value
    assert "Restart the the pod." in value and "almost always a slip" in value
    assert hover["range"] == in_text(POSTMORTEM, "a a")
    nothing = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 21, "character": 3}},
    )
    assert nothing is None


def test_symbols_are_the_template_outline_with_each_sections_state(
    server: LspClient, workspace: Path
) -> None:
    (workspace / ".writer.toml").write_text(
        '[rules]\n"structure.empty-section" = "suggestion"\n', encoding="utf-8"
    )
    uri = (workspace / "pm.md").as_uri()
    text = POSTMORTEM.replace("## Action items", "## Detection\n\n## Action items")
    server.open(uri, text)
    server.diagnostics(uri, 1)
    symbols = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    by_name = {s["name"][2:]: s for s in symbols}
    assert by_name["Summary"]["name"] == "▲ Summary"
    assert re.fullmatch(r"\d+ findings", by_name["Summary"]["detail"])
    assert (by_name["Detection"]["name"], by_name["Detection"]["detail"]) == (
        "○ Detection",
        "empty",
    )
    impact = by_name["Impact"]
    assert (impact["name"], impact["detail"]) == ("✗ Impact", "missing (required)")
    assert by_name["Where we got lucky"]["detail"] == "missing (optional)"
    assert impact["range"]["start"] == impact["range"]["end"]  # where it belongs, zero-width
    names = [s["name"][2:] for s in symbols]
    assert names.index("Summary") < names.index("Impact") < names.index("Timeline")
    timeline = by_name["Timeline"]
    heading = text.split("\n").index("## Timeline")
    assert timeline["selectionRange"] == {
        "start": {"line": heading, "character": 0},
        "end": {"line": heading, "character": len("## Timeline")},
    }
    assert timeline["range"]["end"]["line"] > heading + 5  # the heading and its whole body
    plain = (workspace / "plain.md").as_uri()
    server.open(plain, "# Notes\n\n## First\n\nText.\n\n### Inner\n\nMore text.\n")
    server.diagnostics(plain, 1)
    (notes,) = server.request("textDocument/documentSymbol", {"textDocument": {"uri": plain}})
    assert notes["name"] == "✓ Notes" and [c["name"] for c in notes["children"]] == ["✓ First"]


def test_completion_adds_a_timeline_row_in_the_documents_format_and_zone(
    workspace: Path,
) -> None:
    client = start(workspace, options={"debounceMs": 0})
    try:
        uri = (workspace / "pm.md").as_uri()
        text = POSTMORTEM.replace("All times in UTC.", "All times in Europe/Berlin.")
        text = text.replace(
            "| 14:40 | Rolled back; errors back to normal |", "| 14:40 | Rolled back |\n"
        )
        client.open(uri, text)
        client.diagnostics(uri, 1)
        blank = text.split("\n").index("| 14:40 | Rolled back |") + 1
        items = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": blank, "character": 0}},
        )["items"]
        (row,) = items
        assert re.fullmatch(r"\| \d\d:\d\d \|  \|", row["textEdit"]["newText"])
        assert row["label"].endswith("Europe/Berlin")
        # Not on a line that holds text already, and not outside a postmortem's rows.
        heading = text.split("\n").index("## Timeline")
        none = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": heading, "character": 0}},
        )
        assert none["items"] == []
    finally:
        client.kill()


def test_completion_of_a_timeline_list_item_writes_the_zone_on_the_row(workspace: Path) -> None:
    capabilities = {
        **CAPABILITIES,
        "textDocument": {
            **CAPABILITIES["textDocument"],
            "completion": {"completionItem": {"snippetSupport": True}},
        },
    }
    client = start(workspace, capabilities=capabilities, options={"debounceMs": 0})
    try:
        uri = (workspace / "pm.md").as_uri()
        start_line = POSTMORTEM.index("All times in UTC.")
        end_line = POSTMORTEM.index("## Action items")
        text = (
            POSTMORTEM[:start_line]
            + "- 09:00 +02:00: config pushed\n- 09:10 +02:00: paged\n-\n\n"
            + POSTMORTEM[end_line:]
        )
        client.open(uri, text)
        client.diagnostics(uri, 1)
        line = text.split("\n").index("-")
        (row,) = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": 1}},
        )["items"]
        assert row["insertTextFormat"] == 2  # a snippet: the cursor lands after the stamp
        assert re.fullmatch(r"- \d\d:\d\d \+02:00: \$0", row["textEdit"]["newText"])
        assert row["textEdit"]["range"]["start"] == {"line": line, "character": 0}
    finally:
        client.kill()


def test_completion_adds_an_action_item_in_the_tables_columns(workspace: Path) -> None:
    capabilities = {
        **CAPABILITIES,
        "textDocument": {
            **CAPABILITIES["textDocument"],
            "completion": {"completionItem": {"snippetSupport": True}},
        },
    }
    client = start(workspace, capabilities=capabilities, options={"debounceMs": 0})
    try:
        uri = (workspace / "pm.md").as_uri()
        text = POSTMORTEM + "|"
        client.open(uri, text)
        client.diagnostics(uri, 1)
        line = len(text.split("\n")) - 1
        (item,) = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": 1}},
        )["items"]
        assert item["textEdit"]["newText"] == "| ${1:item} | ${2:owner} | ${3:ticket} | ${4:due} |"
        assert item["textEdit"]["range"]["start"]["character"] == 0
    finally:
        client.kill()


def test_no_completion_outside_a_postmortem(server: LspClient, workspace: Path) -> None:
    uri = (workspace / "notes.md").as_uri()
    text = "# Notes\n\n## Timeline\n\n\n"
    server.open(uri, text)
    server.diagnostics(uri, 1)
    answer = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 0}},
    )
    assert answer["items"] == []


# -- configuration ------------------------------------------------------------------------------
def test_a_config_change_checks_open_documents_again(server: LspClient, workspace: Path) -> None:
    first = (workspace / "a.md").as_uri()
    second = (workspace / "b.md").as_uri()
    server.open(first, POSTMORTEM)
    server.open(second, POSTMORTEM)
    assert "prose.repeated-word" in codes(server.diagnostics(first, 1))
    assert "prose.repeated-word" in codes(server.diagnostics(second, 1))
    config = workspace / ".writer.toml"
    config.write_text('[rules]\n"prose.repeated-word" = "off"\n', encoding="utf-8")
    mark = server.mark()
    server.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 1}]}
    )
    assert "prose.repeated-word" not in codes(server.diagnostics(first, 1, after=mark))
    assert "prose.repeated-word" not in codes(server.diagnostics(second, 1, after=mark))


def test_a_config_edited_elsewhere_is_noticed_at_the_next_check(workspace: Path) -> None:
    """A client that reports no file changes: the next check finds the config changed and
    checks every open document again."""
    capabilities = {**CAPABILITIES, "workspace": {"configuration": False}}
    client = start(workspace, capabilities=capabilities, options={"debounceMs": 0})
    try:
        first = (workspace / "a.md").as_uri()
        second = (workspace / "b.md").as_uri()
        client.open(first, POSTMORTEM)
        client.open(second, POSTMORTEM)
        client.diagnostics(first, 1)
        client.diagnostics(second, 1)
        (workspace / ".writer.toml").write_text(
            '[rules]\n"prose.repeated-word" = "off"\n', encoding="utf-8"
        )
        mark = client.mark()
        client.change(first, 2, [{"text": POSTMORTEM + "\nMore.\n"}])
        assert "prose.repeated-word" not in codes(client.diagnostics(first, 2, after=mark))
        assert "prose.repeated-word" not in codes(client.diagnostics(second, 1, after=mark))
    finally:
        client.kill()


def test_a_broken_config_is_one_diagnostic_naming_the_file_and_line(
    server: LspClient, workspace: Path
) -> None:
    (workspace / ".writer.toml").write_text("fail_onn = 'error'\n", encoding="utf-8")
    uri = (workspace / "pm.md").as_uri()
    server.open(uri, POSTMORTEM)
    (diagnostic,) = server.diagnostics(uri, 1)
    assert diagnostic["severity"] == 1
    assert (
        ".writer.toml:1: unknown key 'fail_onn'; did you mean 'fail_on'?" in diagnostic["message"]
    )


def test_settings_from_the_client_apply_to_every_document(workspace: Path) -> None:
    client = start(workspace, options={"debounceMs": 0, "template": "design-doc"})
    try:
        uri = (workspace / "pm.md").as_uri()
        client.open(uri, POSTMORTEM)
        missing = [
            d["message"]
            for d in client.diagnostics(uri, 1)
            if d["code"] == "structure.missing-section"
        ]
        assert any("Goals" in message for message in missing)
        mark = client.mark()
        client.notify(
            "workspace/didChangeConfiguration", {"settings": {"writer": {"template": "postmortem"}}}
        )
        after = client.diagnostics(uri, 1, after=mark)
        assert not any("Goals" in d["message"] for d in after)
    finally:
        client.kill()


# -- the command line ---------------------------------------------------------------------------
def test_over_tcp(workspace: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        server_command("--tcp", f"127.0.0.1:{port}"),
        cwd=workspace,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        with connection:
            body = (
                b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,'
                b'"rootUri":null,"capabilities":{}}}'
            )
            connection.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            answer = b""
            while b'"result"' not in answer:
                chunk = connection.recv(65536)
                assert chunk, "the server closed the connection"
                answer += chunk
        assert b'"name":"writer"' in answer.replace(b" ", b"")
    finally:
        process.kill()
        process.wait(10)


def test_a_bad_tcp_address_is_one_line_and_exit_2(cli: Any) -> None:
    from tests.conftest import run_cli

    result = run_cli(["lsp", "--tcp", "nowhere"])
    assert result.code == 2
    assert result.err.strip() == "writer: --tcp nowhere: give HOST:PORT, such as 127.0.0.1:2087"


def test_the_server_exits_1_when_the_client_exits_without_shutting_down(workspace: Path) -> None:
    client = start(workspace)
    try:
        client.notify("exit")
        assert client.process.wait(30) == 1
    finally:
        client.kill()


def test_end_of_input_stops_the_server(workspace: Path) -> None:
    client = start(workspace)
    try:
        assert client.process.stdin is not None
        client.process.stdin.close()
        assert client.process.wait(30) in (0, 1)
    finally:
        client.kill()


def test_writer_help_lists_the_language_server() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "writer", "--help"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert re.search(r"^\s+lsp\s+run the language server", done.stdout, re.MULTILINE)


def test_what_the_config_leaves_out_gets_no_findings(server: LspClient, workspace: Path) -> None:
    (workspace / ".writer.toml").write_text(
        'exclude = ["drafts/**"]\n\n[limits]\nmax_file_mb = 0.001\n', encoding="utf-8"
    )
    excluded = (workspace / "drafts" / "pm.md").as_uri()
    server.open(excluded, POSTMORTEM)
    assert server.diagnostics(excluded, 1) == []
    large = (workspace / "large.md").as_uri()
    server.open(large, POSTMORTEM * 2)
    (diagnostic,) = server.diagnostics(large, 1)
    assert "above limits.max_file_mb (0.001 MB): not checked" in diagnostic["message"]
    config = (workspace / ".writer.toml").as_uri()
    server.open(config, "exclude = []\n", language="toml")  # not markdown: left alone
    server.open((workspace / "small.md").as_uri(), "# Small\n\nThe the end.\n")
    assert codes(server.diagnostics((workspace / "small.md").as_uri(), 1)) == {
        "prose.repeated-word"
    }
    assert server.published(config) == []


def test_a_request_while_typing_answers_for_the_text_as_it_is_now(
    server: LspClient, workspace: Path
) -> None:
    uri = (workspace / "pm.md").as_uri()
    server.open(uri, POSTMORTEM)
    server.diagnostics(uri, 1)
    text = POSTMORTEM.replace("from now on", "from now on. We add it it")
    server.change(uri, 2, [{"text": text}])
    (fix,) = [
        a for a in actions_at(server, uri, in_text(text, "it it")) if a["title"].startswith("Fix:")
    ]
    changes = fix["edit"]["documentChanges"][0]
    assert changes["textDocument"]["version"] == 2
    assert apply_edits(text, changes["edits"]).count("We add it.") == 1


def test_a_config_named_for_every_document_that_cannot_be_read_is_said_on_each(
    workspace: Path,
) -> None:
    shared = workspace.parent / "team.toml"
    shared.write_text("styles = 'house'\n", encoding="utf-8")
    client = start(workspace, options={"debounceMs": 0, "config": str(shared)})
    try:
        uri = (workspace / "pm.md").as_uri()
        client.open(uri, POSTMORTEM)
        (diagnostic,) = client.diagnostics(uri, 1)
        assert "team.toml:1: styles must be a list" in diagnostic["message"]
        shared.write_text('styles = ["house"]\n', encoding="utf-8")
        mark = client.mark()
        client.notify(
            "workspace/didChangeWatchedFiles", {"changes": [{"uri": shared.as_uri(), "type": 2}]}
        )
        assert "prose.repeated-word" in codes(client.diagnostics(uri, 1, after=mark))
    finally:
        client.kill()


def test_a_missing_section_comes_with_its_missing_subsections(
    server: LspClient, workspace: Path
) -> None:
    uri = (workspace / "pm.md").as_uri()
    server.open(uri, POSTMORTEM)
    diagnostics = server.diagnostics(uri, 1)
    lessons = next(d for d in diagnostics if "'Lessons learned' (with its" in d["message"])
    insert = next(
        a
        for a in actions_at(server, uri, lessons["range"])
        if a["title"] == "Insert the missing section 'Lessons learned'"
    )
    text = apply_edits(POSTMORTEM, edits_of(insert, uri))
    headings = [line for line in text.split("\n") if line.startswith("#")]
    start = headings.index("## Lessons learned")
    assert headings[start + 1 : start + 4] == [
        "### What went well",
        "### What went poorly",
        "### Where we got lucky",
    ]
    server.change(uri, 2, [{"text": text}])
    after = server.diagnostics(uri, 2)
    assert not any(d["message"].startswith("required section 'Lessons learned'") for d in after)
