"""A long soak of ``writer lsp``: a scripted editor makes random edits for ten minutes.

    python bench/lsp_soak.py [--minutes 10] [--seed 1]

Three documents stay open (a 5,000-word postmortem, a short postmortem with emoji and CJK text,
a note without a template) and take random edits at random places and paces: single keys, bursts
of typing, several edits in one change, line breaks of every kind; between them come hovers,
code actions, fix-all, symbols and completions, and now and then a document is closed and opened
again (see ``tests/lsp_soak.py``). It reports requests answered and how fast, the server's
memory over time, and any problem: the server gone, a request unanswered for 10 s (a stall), or
last diagnostics that differ from what ``writer lint`` finds in the client's final text.
The tests run the same session for 20 seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.tui_refresh import postmortem
from tests.lsp_soak import soak
from tests.test_lsp_server import POSTMORTEM


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "docs"
        workspace.mkdir()
        report = soak(
            args.minutes * 60,
            workspace,
            {
                "checkout.md": postmortem(5000),
                "short.md": POSTMORTEM,
                "notes.md": "# Notes\n\nPlain notes 😀 with no template.\n",
            },
            seed=args.seed,
            log=Path(folder) / "server.log",
        )
        print(report.summary())
        if report.problems:
            print((Path(folder) / "server.log").read_text(encoding="utf-8")[-5000:])
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
