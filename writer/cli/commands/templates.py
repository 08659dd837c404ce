"""``writer templates list | show NAME | skeleton NAME | import FILE.md [-o SPEC]``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from writer.cli.output import printable_stdout
from writer.errors import InputError, WriteError, WriterError
from writer.infra.files import read_text
from writer.settings.load import ConfigResolver
from writer.templates.spec import TemplateSpec, available_templates, load_template


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="config whose template folders to use")
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = sub.add_parser("list", help="list the templates (bundled and configured)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    show = sub.add_parser("show", help="show a template's sections, guidance and metadata")
    show.add_argument("name", metavar="NAME|PATH")
    show.add_argument("--format", choices=("text", "json", "yaml"), default="text")
    skeleton = sub.add_parser("skeleton", help="print a new document for a template")
    skeleton.add_argument("name", metavar="NAME|PATH")
    skeleton.add_argument("--title", help="the document's title")
    skeleton.add_argument("--no-guidance", action="store_true", help="leave guidance out")
    skeleton.add_argument("-o", "--output", metavar="FILE", help="write to FILE (not replaced)")
    importer = sub.add_parser("import", help="derive a template spec from a markdown template")
    importer.add_argument("file", metavar="FILE.md")
    importer.add_argument("-o", "--output", metavar="SPEC", help="write the spec to SPEC")
    importer.add_argument("--id", help="the template's id (default: from the file name)")


def _search(args: argparse.Namespace) -> tuple[str, ...]:
    config = ConfigResolver(Path(args.config) if args.config else None).for_path(None)
    return tuple(config.template_paths)


def run(args: argparse.Namespace) -> int:
    action = args.action or "list"
    if action in ("list", "show") and getattr(args, "format", "text") == "text":
        with printable_stdout():  # names, titles and guidance come from template files
            return _list(args) if action == "list" else _show(args)
    if action == "list":
        return _list(args)
    if action == "show":
        return _show(args)
    if action == "skeleton":
        return _skeleton(args)
    return _import(args)


def _list(args: argparse.Namespace) -> int:
    specs = available_templates(_search(args))
    if getattr(args, "format", "text") == "json":
        rows = [
            {
                "id": spec.id,
                "title": spec.title,
                "version": spec.version,
                "sections": len(spec.sections),
                "required": len(spec.required_sections),
                "path": spec.path,
            }
            for spec in specs
        ]
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max((len(spec.id) for spec in specs), default=8)
    for spec in specs:
        counts = f"{len(spec.required_sections)}/{len(spec.sections)} sections required"
        print(f"{spec.id:<{width}}  {spec.title}  ({counts})")
    return 0


def _spec_json(spec: TemplateSpec) -> dict[str, object]:
    return {
        "id": spec.id,
        "title": spec.title,
        "description": spec.description,
        "version": spec.version,
        "styles": list(spec.styles),
        "path": spec.path,
        "metadata": [
            {"key": f.key, "label": f.label, "required": f.required, "aliases": list(f.aliases)}
            for f in spec.metadata
        ],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "aliases": list(s.aliases),
                "required": s.required,
                "level": s.level,
                "parent": s.parent,
                "guidance": s.guidance,
                "skeleton": s.skeleton,
                "min_words": s.min_words,
            }
            for s in spec.sections
        ],
    }


def _show(args: argparse.Namespace) -> int:
    spec = load_template(args.name, _search(args))
    if args.format == "json":
        json.dump(_spec_json(spec), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if args.format == "yaml":
        sys.stdout.write(Path(spec.path).read_text(encoding="utf-8"))
        return 0
    print(f"{spec.id}: {spec.title} (version {spec.version})")
    if spec.description:
        print(f"  {spec.description}")
    print(f"  defined in: {spec.path}")
    if spec.metadata:
        fields = ", ".join(f.label + ("" if f.required else " (optional)") for f in spec.metadata)
        print(f"  metadata: {fields}")
    print()
    base = min((s.level for s in spec.sections), default=2)
    for section in spec.sections:
        indent = "  " * (section.level - base + 1)
        flag = "" if section.required else " (optional)"
        print(f"{indent}{section.title}{flag}  [{section.id}]")
        if section.aliases:
            print(f"{indent}  also: {', '.join(section.aliases)}")
        if section.guidance:
            print(f"{indent}  {section.guidance}")
    return 0


def _skeleton(args: argparse.Namespace) -> int:
    from writer.templates.skeleton import render_skeleton

    spec = load_template(args.name, _search(args))
    text = render_skeleton(spec, title=args.title, guidance=not args.no_guidance)
    if args.output:
        return _write_new(Path(args.output), text)
    sys.stdout.write(text)
    return 0


def _import(args: argparse.Namespace) -> int:
    from writer.templates.importer import derive_spec, dump_spec
    from writer.templates.spec import parse_spec, slugify

    source = Path(args.file)
    if not source.exists() and not source.is_symlink():
        raise InputError(f"{source}: file not found")
    limits = ConfigResolver(Path(args.config) if args.config else None).for_path(source).limits
    try:  # a regular file within the size limit for documents, never a device read whole
        text = read_text(source, limits.max_file_bytes, "limits.max_file_mb")
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    from writer.model.document import parse

    template_id = args.id or slugify(Path(args.output).stem if args.output else source.stem)
    # The template file, relative to the spec written, so its whole text can be read later.
    named = (
        os.path.relpath(source.resolve(), Path(args.output).resolve().parent)
        if args.output
        else str(source)
    )
    spec = derive_spec(parse(text, str(source)), template_id, Path(named).as_posix())
    if not spec["sections"]:
        raise WriterError(f"{source}: no headings found, so there are no sections")
    output = dump_spec(spec)
    parse_spec(output, args.output or "<imported>")  # what we write must load
    if args.output:
        return _write_new(Path(args.output), output)
    sys.stdout.write(output)
    return 0


def _write_new(path: Path, text: str) -> int:
    if path.exists() or path.is_symlink():  # a dangling link too: never write through it
        raise WriteError(f"{path} already exists: choose another name or remove it")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    print(f"wrote {path}", file=sys.stderr)
    return 0
