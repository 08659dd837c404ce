"""``writer lint`` stays quick to start: heavy or situational modules load only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Modules a plain lint of one file without a config has no use for.
NOT_NEEDED = (
    "multiprocessing",  # only when enough files are linted in parallel
    "concurrent",
    "subprocess",  # only for --changed-since and strict_since (git)
    "textual",  # only the TUI
    "pygls",  # only the language server
    "lsprotocol",
    "language_tool_python",  # only with a grammar backend
    "asyncio",
    "jsonschema",
    "tomllib",  # only when a config file (or TOML front matter) is read
    "tomli",
)

PROBE = """
import sys
from writer.cli.main import main
code = main(["lint", "--no-stats", sys.argv[1]])
loaded = {name.split(".")[0] for name in sys.modules}
print(" ".join(sorted(loaded)))
"""


def test_lint_of_one_file_loads_only_what_it_needs(tmp_path: Path) -> None:
    document = tmp_path / "plan.md"
    document.write_text("# Plan\n\nThe the rollout starts now.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(document)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={
            "PYTHONPATH": str(ROOT),
            "NO_COLOR": "1",
            "PATH": "/usr/bin:/bin",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        },
    )
    loaded = set(done.stdout.strip().splitlines()[-1].split())
    assert "writer" in loaded and "markdown_it" in loaded
    assert sorted(loaded.intersection(NOT_NEEDED)) == []


# Every writer module ``writer lint ONE.md`` loads (a plain document, no config, the result
# cache on, spelling by harper as by default). A module added here costs every run its import:
# make it lazy where a run may not need it, or add it to this list in the same change.
LINT_ONE_FILE_MODULES = frozenset(
    (
        # The front matter and template-text checks run on every document; the deadline bounds
        # each check, terminal escapes what is printed, tree finds the project a link may not
        # leave, settings.user holds the grammar servers the user allows.
        "writer.checks.structure.front_matter",
        "writer.checks.structure.template_text",
        "writer.infra.deadline",
        "writer.infra.terminal",
        "writer.infra.tree",
        "writer.settings.user",
        "writer.templates.metadata",
        "writer.templates.sidecar",
        "writer.templates.sources",
        "writer",
        "writer.api",
        "writer.checks",
        "writer.checks.base",
        "writer.checks.budget",
        "writer.checks.grammar",
        "writer.checks.grammar.base",
        "writer.checks.grammar.cache",
        "writer.checks.grammar.checker",
        "writer.checks.grammar.choose",
        "writer.checks.grammar.harper",
        "writer.checks.grammar.meta",
        "writer.checks.grammar.provider",
        "writer.checks.grammar.spelling",
        "writer.checks.grammar.text",
        "writer.checks.prose",
        "writer.checks.prose.readability",
        "writer.checks.prose.repeated_word",
        "writer.checks.prose.stats",
        "writer.checks.providers",
        "writer.checks.structure",
        "writer.checks.structure.generic",
        # the outline (heading levels) and missing sections, checked on every document
        "writer.checks.structure.outline",
        "writer.checks.structure.missing",
        # the stamp of writer's own code, in the result cache's key
        "writer.infra.stamps",
        "writer.checks.structure.template",
        "writer.checks.style",
        "writer.checks.style.checker",
        "writer.checks.style.acronyms",
        "writer.checks.style.contexts",
        "writer.checks.style.guides",
        "writer.checks.style.kinds",
        "writer.checks.style.kinds.base",
        "writer.checks.style.kinds.capitalization",
        "writer.checks.style.kinds.conditional",
        "writer.checks.style.kinds.consistency",
        "writer.checks.style.kinds.existence",
        "writer.checks.style.kinds.keytypes",
        "writer.checks.style.kinds.literals",
        "writer.checks.style.kinds.metric",
        "writer.checks.style.kinds.occurrence",
        "writer.checks.style.kinds.readability",
        "writer.checks.style.kinds.repetition",
        "writer.checks.style.kinds.sequence",
        "writer.checks.style.kinds.spelling",
        "writer.checks.style.kinds.substitution",
        "writer.checks.style.provider",
        "writer.checks.style.term_context",
        "writer.checks.style.term_forms",
        "writer.checks.style.sentences",
        "writer.checks.style.terminology",
        "writer.checks.textstats",
        "writer.cli",
        "writer.cli.arguments",
        "writer.cli.commands",
        "writer.cli.commands.lint",
        "writer.cli.main",
        "writer.cli.output",
        "writer.engine",
        "writer.engine.engine",
        "writer.engine.parallel",
        "writer.engine.pipeline",
        "writer.engine.result_cache",
        "writer.engine.suppressions",
        "writer.errors",
        "writer.infra",
        "writer.infra.atomic",
        "writer.infra.cachedir",
        "writer.infra.data",
        "writer.infra.files",
        "writer.infra.globs",
        "writer.infra.hunspell",
        "writer.infra.safe_yaml",
        "writer.infra.store",
        "writer.infra.yaml_errors",
        "writer.model",
        "writer.model.codec",
        "writer.model.document",
        "writer.model.findings",
        "writer.model.headings",
        "writer.model.lines",
        "writer.model.quoted",
        "writer.model.rules",
        "writer.reporters",
        "writer.reporters.text",
        "writer.settings",
        "writer.settings.config",
        "writer.settings.load",
        "writer.settings.options",
        "writer.settings.selectors",
        "writer.settings.vocabulary",
        "writer.templates",
        "writer.templates.detect",
        "writer.templates.kinds",
        "writer.templates.matching",
        "writer.templates.presence",
        "writer.templates.resolve",
        "writer.templates.resolved",
        "writer.templates.roles",
        "writer.templates.spec",
    )
)
# Libraries outside the standard library the same run loads.
LINT_ONE_FILE_LIBRARIES = frozenset(
    ("cython_runtime", "harper", "linkify_it", "markdown_it", "mdurl", "rapidfuzz", "regex", "yaml")
)

LIST_PROBE = """
import sys
from writer.cli.main import main
main(["lint", "--no-stats", sys.argv[1]])
mods = sorted(m for m in sys.modules if m.startswith("writer"))
top = sorted(
    {m.split(".")[0] for m in sys.modules if not m.startswith("_")}
    - set(sys.stdlib_module_names)
    - {"writer"}
)
print(" ".join(mods))
print(" ".join(top))
"""


def test_the_modules_of_a_one_file_lint_do_not_grow(tmp_path: Path) -> None:
    document = tmp_path / "plan.md"
    document.write_text("# Plan\n\nThe the rollout starts now.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", LIST_PROBE, str(document)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={
            "PYTHONPATH": str(ROOT),
            "NO_COLOR": "1",
            "PATH": "/usr/bin:/bin",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        },
    )
    modules, libraries = done.stdout.strip().splitlines()[-2:]
    added = sorted(set(modules.split()) - LINT_ONE_FILE_MODULES)
    assert added == [], f"writer lint ONE.md now imports {added}: make them lazy, or list them"
    assert "writer.engine.fix" not in modules.split() and "writer.tui" not in modules
    extra = sorted(set(libraries.split()) - LINT_ONE_FILE_LIBRARIES)
    assert extra == [], f"writer lint ONE.md now imports the libraries {extra}"
