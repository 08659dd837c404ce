"""A baseline: the findings a docs repository already had, recorded so that only new ones are
reported.

Each entry is one finding's file (relative to the baseline's folder), rule, fingerprint and
count. The fingerprint hashes the rule, the text the finding points at and the line around it,
so an entry still matches after edits elsewhere in the file move it; a finding repeated on equal
lines counts up rather than adding entries. A file's findings beyond the counts its entries allow
are new. The file is sorted JSON, one entry a line, so that its diffs read well.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from writer.errors import ConfigError, WriteError
from writer.infra.atomic import write_atomic
from writer.model.findings import FileError, FileResult, Finding

VERSION = 1
_EXCERPT = 80  # characters of the matched text kept in an entry, for people reading diffs

EntryKey = tuple[str, str, str]  # (path, rule, fingerprint)


def fingerprint(finding: Finding, text: str) -> str:
    """What identifies a finding wherever its line moves: its rule, the text it points at, and
    that line (spaces folded); a finding that points at nothing adds its message."""
    start = max(0, min(finding.start, len(text)))
    end = max(start, min(finding.end, len(text)))
    matched = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    context = " ".join(text[line_start:line_end].split())
    parts = [finding.rule, matched, context]
    if not matched:
        parts.append(finding.message)
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _excerpt(finding: Finding, text: str) -> str:
    matched = " ".join(text[finding.start : finding.end].split())
    return matched if len(matched) <= _EXCERPT else matched[: _EXCERPT - 1] + "…"


@dataclass
class Baseline:
    """The entries of a baseline file (none when it does not exist yet), and what one run
    finds against them."""

    path: Path
    counts: Counter[EntryKey] = field(default_factory=Counter)
    excerpts: dict[EntryKey, str] = field(default_factory=dict)
    # Filled while a run's results pass through :meth:`filter`.
    seen: Counter[EntryKey] = field(default_factory=Counter)
    seen_excerpts: dict[EntryKey, str] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)  # files checked in this run

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read ``path``; a missing file is an empty baseline. Raises :class:`ConfigError`."""
        baseline = cls(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return baseline
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(path), f"cannot read the baseline: {exc}") from None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("version") != VERSION:
                raise ValueError(f"not a version {VERSION} writer baseline")
            for entry in data["findings"]:
                key = (str(entry["path"]), str(entry["rule"]), str(entry["fingerprint"]))
                baseline.counts[key] += int(entry.get("count", 1))
                baseline.excerpts[key] = str(entry.get("text", ""))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                str(path),
                f"not a writer baseline ({exc}): write it again with --update-baseline",
            ) from None
        return baseline

    def relative(self, display: str) -> str:
        """A file's path as the baseline names it: relative to the baseline's folder."""
        folder = os.path.abspath(self.path.parent)
        absolute = os.path.abspath(display)
        try:
            relative = os.path.relpath(absolute, folder)
        except ValueError:  # another drive on Windows
            return Path(absolute).as_posix()
        return Path(relative).as_posix()

    def filter(self, result: FileResult) -> FileResult:
        """The result without the findings the baseline records."""
        name = self.relative(result.path)
        self.checked.add(name)
        text = result.text or ""
        allowed: Counter[EntryKey] = Counter()
        kept: list[Finding] = []
        for finding in result.findings:
            key = (name, finding.rule, fingerprint(finding, text))
            self.seen[key] += 1
            self.seen_excerpts.setdefault(key, _excerpt(finding, text))
            allowed[key] += 1
            if allowed[key] > self.counts.get(key, 0):
                kept.append(finding)
        if len(kept) == len(result.findings):
            return result
        return replace(result, findings=tuple(kept))

    def filter_all(
        self, outcomes: Iterable[FileResult | FileError]
    ) -> Iterator[FileResult | FileError]:
        for outcome in outcomes:
            yield self.filter(outcome) if isinstance(outcome, FileResult) else outcome

    def stale(self) -> list[tuple[EntryKey, int]]:
        """Entries of the files checked that no longer match as many findings as they count:
        (entry, how many fewer)."""
        gone = []
        for key, count in sorted(self.counts.items()):
            if key[0] in self.checked and self.seen.get(key, 0) < count:
                gone.append((key, count - self.seen.get(key, 0)))
        return gone

    def updated(self) -> Counter[EntryKey]:
        """The entries after this run: the files checked as found now, the others as they
        were (unless the file is gone)."""
        counts: Counter[EntryKey] = Counter()
        folder = self.path.parent
        for key, count in self.counts.items():
            if key[0] not in self.checked and (folder / key[0]).exists():
                counts[key] = count
        counts.update(self.seen)
        return counts

    def write(self) -> tuple[int, int, int]:
        """Write the updated baseline; (entries' findings, added, dropped)."""
        counts = self.updated()
        lines = []
        for key in sorted(counts):
            path, rule, print_ = key
            excerpt = self.seen_excerpts.get(key, self.excerpts.get(key, ""))
            entry = {
                "path": path,
                "rule": rule,
                "fingerprint": print_,
                "count": counts[key],
                "text": excerpt,
            }
            lines.append("    " + json.dumps(entry, ensure_ascii=False))
        body = ",\n".join(lines)
        document = (
            f'{{\n  "version": {VERSION},\n  "findings": [\n'
            + (body + "\n" if body else "")
            + "  ]\n}\n"
        )
        from writer.infra.tree import outside, project_root

        leads = outside(self.path, project_root(self.path))
        if leads is not None:
            raise WriteError(
                f"cannot write the baseline {self.path}: it is a symbolic link to {leads}, "
                "outside the project; name a file in the project with --baseline"
            )
        try:
            write_atomic(self.path, document.encode("utf-8"))
        except WriteError as exc:
            raise WriteError(f"cannot write the baseline {self.path}: {exc}") from None
        added = sum((counts - self.counts).values())
        dropped = sum((self.counts - counts).values())
        return sum(counts.values()), added, dropped
