"""``writer init [DIR]``: set a docs repository up for writer.

Writes a starter ``.writer.toml``, adds the hooks to ``.pre-commit-config.yaml`` (creating it, or
appending to it as text so its comments survive) and an example GitHub Actions workflow. An
existing file is never replaced without ``--force``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from writer.cli.init_files import (
    FOLDER_TEMPLATES,
    WORKFLOW_PATH,
    EditError,
    add_hooks,
    check_rev,
    default_rev,
    pre_commit_config,
    workflow,
    writer_toml,
)
from writer.cli.output import say
from writer.errors import InputError, WriteError, WriterError
from writer.infra.atomic import write_atomic
from writer.infra.files import MAX_CONFIG_BYTES, read_text
from writer.infra.tree import outside


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        default=".",
        metavar="DIR",
        help="the docs repository to set up (default: the current directory)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace .writer.toml and the workflow when they already exist",
    )
    parser.add_argument(
        "--no-pre-commit", action="store_true", help="leave .pre-commit-config.yaml alone"
    )
    parser.add_argument("--no-workflow", action="store_true", help=f"do not write {WORKFLOW_PATH}")
    parser.add_argument(
        "--rev",
        default=default_rev(),
        help="the writer version the hook and the workflow pin (default: %(default)s)",
    )


def _available_templates() -> set[str] | None:
    try:
        from writer.templates.spec import bundled_names
    except ImportError:
        return None
    return set(bundled_names())


class _Writer:
    """Writes files under the repository and says what it did, one line each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.failed = False

    def say(self, message: str) -> None:
        print(message)

    def error(self, name: str, message: str) -> None:
        say(f"{name}: {message}")
        self.failed = True

    def leaves(self, name: str) -> bool:
        """Whether ``name`` leads outside the repository through a symbolic link (said once)."""
        real = outside(self.root / name, self.root)
        if real is None:
            return False
        self.error(
            name,
            f"not written: it is a symbolic link to {real}, outside {self.root} "
            "(writer only writes files inside the repository)",
        )
        return True

    def write(self, name: str, text: str, *, force: bool, what: str) -> None:
        path = self.root / name
        if self.leaves(name):
            return
        existed = path.exists()
        if existed and not force:
            self.say(f"kept     {name} (it exists; --force replaces it)")
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"), within=self.root)
        except (WriteError, OSError) as exc:
            self.error(name, str(exc))
            return
        self.say(f"{'replaced' if existed else 'created '} {name} ({what})")


def _existing_config(root: Path) -> str | None:
    for name in (".writer.toml", "writer.toml"):
        if (root / name).is_file():
            return name
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            text = read_text(pyproject, MAX_CONFIG_BYTES)
        except InputError:
            return None
        if "[tool.writer" in text:
            return "pyproject.toml"
    return None


def run(args: argparse.Namespace) -> int:
    check_rev(args.rev)
    root = Path(args.directory)
    if not root.is_dir():
        raise WriterError(f"{args.directory}: not a directory: create it first")
    out = _Writer(root)

    existing = _existing_config(root)
    if existing and existing != ".writer.toml" and not args.force:
        out.say(f"kept     {existing} (writer is already configured there)")
    else:
        folders = ", ".join(f"{folder}/" for folder, _ in FOLDER_TEMPLATES)
        out.write(
            ".writer.toml",
            writer_toml(_available_templates()),
            force=args.force,
            what=f"templates for {folders}",
        )

    if not args.no_pre_commit:
        _pre_commit(out, root, args.rev)

    if not args.no_workflow:
        out.write(
            WORKFLOW_PATH,
            workflow(args.rev),
            force=args.force,
            what="lint, upload SARIF to code scanning, annotate pull requests",
        )

    if not (root / ".git").exists():
        out.say("note: this is not the top of a git repository; pre-commit needs one (git init)")
    if not out.failed:
        out.say("Next: pip install pre-commit && pre-commit install && pre-commit run --all-files")
    return 2 if out.failed else 0


def _pre_commit(out: _Writer, root: Path, rev: str) -> None:
    name = ".pre-commit-config.yaml"
    path = root / name
    if out.leaves(name):
        return
    if not path.exists():
        out.write(name, pre_commit_config(rev), force=False, what="the writer and writer-fix hooks")
        return
    try:
        original = read_text(path, MAX_CONFIG_BYTES)
    except InputError as exc:
        out.error(name, f"cannot read it ({exc}); add the hooks by hand (see the README)")
        return
    try:
        edit = add_hooks(original, rev)
    except EditError as exc:
        out.error(name, str(exc))
        return
    if not edit.changed:
        out.say(f"kept     {name} (it already runs writer)")
        return
    try:
        write_atomic(path, edit.text.encode("utf-8"), within=root)
    except WriteError as exc:
        out.error(name, str(exc))
        return
    out.say(f"updated  {name} (added the writer and writer-fix hooks; the rest is unchanged)")
