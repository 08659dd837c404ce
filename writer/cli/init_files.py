"""The files ``writer init`` writes into a docs repository, and the text edit that adds the hooks.

The pre-commit config is edited as text, never loaded and dumped again, so a team's comments,
ordering and quoting survive. The edited text is parsed afterwards to make sure it is still valid
and now names the writer hooks; otherwise nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from writer import __version__
from writer.errors import UsageError, WriterError

HOOK_REPOSITORY = "https://github.com/writer-docs/writer"

# Common folders of a docs repository and the template their documents follow.
FOLDER_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("postmortems", "postmortem"),
    ("incidents", "postmortem"),
    ("design", "design-doc"),
    ("rfcs", "rfc"),
    ("adr", "adr"),
)

WORKFLOW_PATH = ".github/workflows/writer.yml"


def default_rev() -> str:
    return f"v{__version__}"


# What a git tag, branch or commit can be: the rev goes into YAML written for the user, so
# nothing that could end the value (a newline, a quote, ": ", "#") gets in.
_REV = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+\-]{0,99}")


def check_rev(rev: str) -> None:
    """Raise :class:`UsageError` unless ``rev`` looks like a git tag, branch or commit."""
    if _REV.fullmatch(rev) is None or ".." in rev or rev.endswith((".", "/", ".lock")):
        raise UsageError(
            f"--rev {rev!r}: not a git tag, branch or commit (letters, digits and . _ / + -, "
            "such as v1.2.0)"
        )


def writer_toml(available: set[str] | None = None) -> str:
    """A starter ``.writer.toml``; folders whose template is not installed are commented out."""
    rows = []
    for folder, template in FOLDER_TEMPLATES:
        row = f'"{folder}/" = "{template}"'
        if available is not None and template not in available:
            row = f"# {row}  (no template named {template} is installed)"
        rows.append(row)
    mapping = "\n".join(rows)
    return f"""\
# writer configuration: which template each folder follows, and how strict to be.
# Every key is checked; 'writer rules' lists the rules, 'writer rules RULE' explains one.

# Lowest severity that fails 'writer lint' (and so the pre-commit hook): error, warning, suggestion.
fail_on = "warning"

# Documents already in the repository at this git ref or date (YYYY-MM-DD) are held to a lower
# bar: their findings are at most warnings, while documents added after it must conform.
# strict_since = "2025-01-01"

# Paths writer never checks (globs relative to this file).
exclude = ["node_modules/**", "vendor/**", "CHANGELOG.md"]

# The template documents in each folder follow (a folder name matches at any depth).
[templates]
{mapping}

# Severity per rule or rule family; "off" turns a rule off.
[rules]
# "structure.empty-section" = "suggestion"

[vocabulary]
# Words the style checks accept as written (product names, jargon).
accept = []
"""


def pre_commit_entry(rev: str, indent: str = "  ") -> str:
    """The ``repos`` item for writer, with its list item indented by ``indent``."""
    inner = indent + "  "
    return (
        f"{indent}- repo: {HOOK_REPOSITORY}\n"
        f"{inner}rev: {rev}\n"
        f"{inner}hooks:\n"
        f"{inner}  - id: writer-fix   # applies the safe fixes; the commit fails once when a file "
        "changed\n"
        f"{inner}  - id: writer       # lints the markdown files being committed\n"
    )


def pre_commit_config(rev: str) -> str:
    return "# See https://pre-commit.com for more information\nrepos:\n" + pre_commit_entry(rev)


class EditError(WriterError):
    """The pre-commit config could not be edited safely; ``str()`` says what to do instead."""


@dataclass(frozen=True)
class PreCommitEdit:
    text: str
    changed: bool  # False when the config already runs writer


_HOOK_ID = re.compile(r"^\s*-?\s*id:\s*['\"]?writer(?:-fix)?['\"]?\s*(?:#.*)?$", re.MULTILINE)
_REPOS = re.compile(r"^repos:[ \t]*(?P<rest>[^\n#]*?)[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^[^\s#-][^\n]*$", re.MULTILINE)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)- ", re.MULTILINE)


def add_hooks(text: str, rev: str) -> PreCommitEdit:
    """Add the writer hooks to a ``.pre-commit-config.yaml``'s text, keeping everything else.

    Newline style, byte-order mark, comments and the other repos are kept as they are.
    """
    if HOOK_REPOSITORY in text or _HOOK_ID.search(text.replace("\r\n", "\n")):
        return PreCommitEdit(text, changed=False)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = "\r\n" if "\r\n" in body else "\n"
    body = body.replace("\r\n", "\n")
    edited = _insert_entry(body, rev)
    _verify(edited)
    return PreCommitEdit(bom + edited.replace("\n", newline), changed=True)


def _insert_entry(body: str, rev: str) -> str:
    repos = _REPOS.search(body)
    if repos is None:
        if body.strip() and not body.endswith("\n"):
            body += "\n"
        return body + "repos:\n" + pre_commit_entry(rev)
    rest = repos.group("rest")
    if rest in ("[]", "[ ]"):
        start, end = repos.span()
        return body[:start] + "repos:\n" + pre_commit_entry(rev).rstrip("\n") + body[end:]
    if rest:
        raise EditError(
            "'repos' is written as a flow list ([...]); add the writer repo to it by hand"
        )
    after = repos.end()
    following = _TOP_LEVEL.search(body, after + 1)
    block_end = following.start() if following else len(body)
    block = body[after:block_end]
    item = _ITEM.search(block)
    indent = item.group("indent") if item else "  "
    # Insert after the last line that belongs to the list, before trailing blank lines and
    # comments that introduce the next top-level key.
    lines = block.split("\n")
    last = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not (stripped.startswith("#") and not line.startswith(indent + " ")):
            last = number
    kept = "\n".join(lines[: last + 1])
    tail = "\n".join(lines[last + 1 :])
    if not kept.endswith("\n"):
        kept += "\n"
    return body[:after] + kept + pre_commit_entry(rev, indent) + tail + body[block_end:]


def _verify(text: str) -> None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EditError(
            f"the edited config would not be valid YAML ({exc}); add it by hand"
        ) from None
    repos = data.get("repos") if isinstance(data, dict) else None
    if not isinstance(repos, list) or not any(
        isinstance(repo, dict) and repo.get("repo") == HOOK_REPOSITORY for repo in repos
    ):
        raise EditError("could not find where to add the writer repo; add it by hand")


def workflow(rev: str) -> str:
    """A GitHub Actions workflow: lint the docs, upload SARIF, annotate the pull request."""
    return f"""\
# Checks the docs with writer: findings go to code scanning (SARIF) and appear as annotations
# on the pull request; the job fails when a document has findings at or above fail_on.
name: writer

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  security-events: write  # upload-sarif writes code-scanning results

jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # strict_since and --changed-since read the git history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install writer
        run: pip install "writer @ git+{HOOK_REPOSITORY}@{rev}"
      - name: Lint the docs (SARIF)
        run: writer lint --format sarif --output writer.sarif --exit-zero .
      - name: Upload the findings to code scanning
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: writer.sarif
          category: writer
      - name: Annotate the pull request
        run: writer lint --format github .
"""
