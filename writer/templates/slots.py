"""A template's slots left in a document: what the template asked to be replaced and nobody did.

- a variable in double braces: ``{{ summary }}``, or braces left around what was written in
  them (``{{ 06:10 }}``), but not a site generator's own variable (``{{ site.baseurl }}``);
- an instruction in square brackets that is no link: ``[link to github issue]``, ``[describe
  the impact]``, ``[Owner]``, ``[Alex to fill in the details]``.

Read from prose with its links already rendered as their text, or from a raw line (a link's
``[text](url)`` or ``[text][ref]`` is then left alone by what follows the bracket).
"""

from __future__ import annotations

import functools
import re


@functools.cache
def slot_pattern() -> re.Pattern[str]:
    """The pattern of a slot, compiled when a check first reads a bracket or a brace."""
    return re.compile(
        # (not a site generator's variable, which the site fills in: "{{ site.baseurl }}",
        # "{{ page.title | upcase }}", "{{ .Site.Title }}")
        r"\{\{(?![-\s]*\.?(?:site|page|post|include|layout|content|jekyll|paginator|params|"
        r"Site|Page|Params|\$)\b[.\w]*\s*(?:\|[^{}\n]*)?-?\}\})[^{}\n]{1,200}\}\}"
        # an instruction ("[describe the impact]") or a capitalised field ("[Date]", "[Owner]"), not
        # a Rust attribute ("#[link]") or a term in brackets ("[name, namespace]")
        r"|(?<!#)\[(?:(?i:(?:a\s+|the\s+)?link\s+to|insert|add|describe|fill\s+in|enter|replace)\b|"
        r"(?:Your|Name|Date|Owner|Link)\b)[^\]\n]{0,100}\](?![(\[])"
        r"|\[[A-Z][a-z]+ to (?:fill in|add|write|complete|update|expand)\b[^\]\n]{0,100}\](?![(\[])"
    )
