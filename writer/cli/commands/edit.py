"""``writer edit FILE``: open an existing document against its template, with every finding."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from writer.cli.commands.new import add_tui_arguments, open_drafting_screen
from writer.errors import WriterError

if TYPE_CHECKING:
    from writer.tui.state.draft import AppOptions, Draft


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the markdown file to edit")
    parser.add_argument(
        "--template", metavar="NAME", help="template to check against (default: detected)"
    )
    add_tui_arguments(parser)


def existing_file(name: str) -> Path:
    """``name`` as a file writer may open for editing, or one clear line why not."""
    path = Path(name).expanduser()
    if not path.exists():
        raise WriterError(f"{path}: no such file (writer new -o {path} starts one)")
    if path.is_dir():
        raise WriterError(f"{path}: is a directory: name a markdown file in it")
    if not path.is_file():
        raise WriterError(f"{path}: not a regular file (a FIFO, socket or device): cannot edit it")
    return path


def run(args: argparse.Namespace) -> int:
    from writer.tui.state.templating import load_info

    path = existing_file(args.file)
    template = load_info(args.template) if args.template else None

    def draft_for(options: AppOptions) -> Draft:
        from writer.tui.state.draft import edit_draft

        # Refused before anything is read: a link out of the project, a file above
        # limits.max_file_mb, a binary or non-UTF-8 file.
        return edit_draft(path, options, template)

    return open_drafting_screen(args, path, draft_for)
