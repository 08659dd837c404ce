"""Loading YAML that someone else wrote: safe constructors only, and no alias bombs.

YAML anchors and aliases let a few lines stand for billions of values (``a: &a [x, x]``,
``b: &b [*a, *a]``, ...). PyYAML shares the aliased object instead of copying it, so loading
is cheap, but the first code that walks or prints the value expands it all. :func:`load_yaml`
composes the document once, counts how many values it stands for with aliases expanded, and
refuses it when aliases blow it up past :data:`MAX_EXPANDED_VALUES` (or refer to themselves).
"""

from __future__ import annotations

from typing import Any

import yaml

# Far above any real rule file, template or front matter (the largest Vale rule we know of
# has about 1,300 tokens), far below what it takes to exhaust memory or time.
MAX_EXPANDED_VALUES = 100_000


def safe_loader() -> type[Any]:
    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def load_yaml(
    text: str, loader: type[Any] | None = None, limit: int = MAX_EXPANDED_VALUES
) -> tuple[Any, yaml.Node | None]:
    """The data of a one-document YAML text and its node tree. Raises ``yaml.YAMLError``,
    also when aliases expand the document past ``limit`` values."""
    instance = (loader or safe_loader())(text)
    try:
        node = instance.get_single_node()
        if node is None:
            return None, None
        if "&" in text:  # without an anchor (&name) there is no alias (*name) to expand
            check_aliases(node, limit)
        return instance.construct_document(node), node
    finally:
        instance.dispose()


class AliasBomb(yaml.MarkedYAMLError):
    """A document whose aliases expand past the limit, or into themselves."""


def check_aliases(root: yaml.Node, limit: int = MAX_EXPANDED_VALUES) -> None:
    """Raise :class:`AliasBomb` when ``root`` stands for more than ``limit`` values with every
    alias expanded and aliases account for the excess, or when an alias contains itself."""
    sizes: dict[int, int] = {}
    distinct = 0
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            visiting.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = total
            if total > limit and total > distinct:
                raise AliasBomb(
                    problem=(
                        f"aliases (*name) expand this to more than {limit:,} values; write the "
                        "values out, or use fewer aliases"
                    ),
                    problem_mark=node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in visiting:
            raise AliasBomb(
                problem="an alias refers to a value that contains it; write the values out",
                problem_mark=node.start_mark,
            )
        visiting.add(key)
        distinct += 1
        stack.append((node, True))
        for child in _children(node):
            child_key = id(child)
            if child_key in visiting:
                raise AliasBomb(
                    problem="an alias refers to a value that contains it; write the values out",
                    problem_mark=child.start_mark,
                )
            if child_key not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
