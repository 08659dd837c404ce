"""The folder tree is the architecture: layers import only downwards, there is no import loop,
only the TUI imports Textual, and every rule lives in the folder its id names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from writer.api import Linter, LintOptions

PACKAGE = Path(__file__).resolve().parent.parent / "writer"

# Bottom to top. A module may import its own layer and those below it.
LAYERS = (
    ("errors", ("writer.errors",)),
    ("infra", ("writer.infra",)),
    ("model", ("writer.model",)),
    ("settings", ("writer.settings",)),
    ("templates", ("writer.templates",)),
    ("checks", ("writer.checks",)),
    ("engine", ("writer.engine",)),
    ("reporters", ("writer.reporters",)),
    ("api", ("writer.api",)),
    ("fronts", ("writer.cli", "writer.tui", "writer.lsp", "writer.report", "writer.__main__")),
)
# Reporters read results and rule metadata only: never the checks or the engine.
REPORTERS_MAY_NOT = ("templates", "checks", "engine", "api", "fronts")
# Inside the checks layer: the shared modules at its root come first, then the families (one
# folder per rule-id prefix), then the table of providers that gathers them.
CHECKS_ROOT = ("base", "budget", "textstats", "sections")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def runtime_imports(path: Path, name: str) -> Iterator[str]:
    """Modules of writer that ``path`` imports when it runs (``TYPE_CHECKING`` blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("writer"):
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            if base.startswith("writer"):
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    yield candidate if candidate in ALL else base


ALL = modules()


def layer_of(module: str) -> int:
    for rank, (_name, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return len(LAYERS)  # writer itself (the package's face)


def _resolve(module: str) -> str:
    while module not in ALL and "." in module:
        module = module.rsplit(".", 1)[0]
    return module


def graph() -> dict[str, set[str]]:
    return {
        name: {_resolve(m) for m in runtime_imports(path, name)} - {name}
        for name, path in ALL.items()
    }


def test_every_module_belongs_to_a_layer() -> None:
    strays = [m for m in ALL if layer_of(m) == len(LAYERS) and m != "writer"]
    assert not strays, f"modules outside every layer: {strays}"


def test_no_import_runs_up_a_layer() -> None:
    upward = []
    for module, imported in graph().items():
        for target in imported:
            if target == "writer":
                continue
            if layer_of(target) > layer_of(module):
                upward.append(f"{module} -> {target}")
            if module.startswith("writer.reporters") and LAYERS[layer_of(target)][0] in (
                REPORTERS_MAY_NOT
            ):
                upward.append(f"{module} -> {target} (reporters read results only)")
    assert not upward, "imports that run up the layers:\n" + "\n".join(sorted(upward))


def test_the_checks_layer_keeps_its_order() -> None:
    wrong = []
    for module, imported in graph().items():
        if not module.startswith("writer.checks."):
            continue
        top = module.split(".")[2]
        for target in imported:
            if not target.startswith("writer.checks."):
                continue
            target_top = target.split(".")[2]
            gathers = target_top == "providers" and top != "providers"
            root_up = top in CHECKS_ROOT and target_top not in CHECKS_ROOT
            if gathers or root_up:
                wrong.append(f"{module} -> {target}")
            elif (
                top not in (*CHECKS_ROOT, "providers")
                and target_top not in CHECKS_ROOT
                and target_top != top
            ):
                wrong.append(f"{module} -> {target} (one family reaching into another)")
    assert not wrong, "\n".join(sorted(wrong))


def test_there_is_no_import_loop() -> None:
    edges = graph()
    loops = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if target == "writer" or target not in edges:
                continue
            if state.get(target) == 1:
                loops.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not loops, "import loops:\n" + "\n".join(loops)


def test_only_the_tui_imports_textual() -> None:
    offenders = []
    for name, path in ALL.items():
        if name.startswith("writer.tui"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("textual", "rich") for n in names):
                offenders.append(name)
    assert not offenders, f"Textual imported outside writer/tui: {offenders}"


def test_every_rule_lives_in_the_folder_its_id_names() -> None:
    registry = Linter(LintOptions(styles=("house", "blameless", "inclusive"))).registry()
    misplaced = []
    ids = set()
    for checker in registry.checkers:
        module = type(checker).__module__
        for rule in checker.rules:
            ids.add(rule.id)
            prefix = rule.id.split(".")[0]
            if not module.startswith(f"writer.checks.{prefix}."):
                misplaced.append(f"{rule.id} is defined in {module}")
    assert len(ids) >= 45
    assert not misplaced, "\n".join(sorted(misplaced))
