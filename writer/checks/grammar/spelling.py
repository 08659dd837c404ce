"""Which words of a document's prose are worth a spelling check.

Engineering prose is full of words no dictionary holds that are spelled as meant. Before a
backend is asked whether a word is misspelt, every word that reads as a name is set aside:

- identifiers and names by their shape: acronyms (``KEP``, ``SLOs``), words with digits
  (``k8s``, ``v1beta1``), camelCase and PascalCase (``StatefulSet``, ``iOS``), and anything joined
  by punctuation (``kube-proxy``, ``node.js``, ``docs/image/etc``, ``@alice``, ``crates.io``);
- words the project's vocabulary accepts (``[vocabulary] accept``, or Vale's ``accept.txt``);
- words the document writes outside its prose: in code, URLs, link targets, front matter or
  comments (``kubelet`` in prose when ```kubelet``` appears in a code block);
- words capitalised in the middle of a sentence (``Thanos``, ``Okta``, ``Novotny``): names, as
  are capitalised words at the start of a sentence that the document also capitalises mid-sentence;
- text that is not the author's prose: block quotes (pasted mail, logs, quoted issues).

One exception keeps the typos of names: a capitalised word one or two letters away from a name
the document writes more often (``Kubenetes`` beside ``Kubernetes``, ``Cloudwatch`` beside
``CloudWatch``) is checked, and that name is the first suggestion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from writer.checks.grammar.text import GrammarText
from writer.model.document import BlockKind, Document

if TYPE_CHECKING:
    from writer.infra.hunspell import Dictionary

_TOKEN = re.compile(r"\S+")
_OPENING = "\"'“‘([{<*_~"
_CLOSING = "\"'”’)]}>*_~.,;:!?"
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")
_BULLETS = frozenset({"-", "–", "—", "*", "•", "+", "|", ">", "=>", "->"})
# A word: letters, with apostrophes inside (don't, we'll, O'Brien).
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = ("'s", "’s", "s'", "s’")
_OTHER_WORDS = re.compile(r"[^\W\d_]{2,}")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}e?s")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_PART_LENGTH = 6  # shorter parts of hyphenated words (add-ons, kube-proxy) are not checked
MIN_LENGTH = 3  # shorter words are abbreviations more often than typos
# A short description in brackets right after a word: the author is naming something
# ("sydent (identity server)"), so the word is a name, not a typo. A bracket that opens with a
# function word is an aside or a cross-reference ("epoc (see below)"), not a description.
# A capitalised name right before a word: "Andes ehf." (the word is the name's legal suffix).
_SUFFIX = re.compile(r"\b[A-Z][\w&-]*\s$")
_GLOSS = re.compile(
    r"(?i) ?\((?!(?:see|for|in|on|at|to|from|with|as|by|and|or|if|when|which|who|that|not|"
    r"was|is|are|were|it|this|e\.g|i\.e|cf)\b)[^\W\d_]+(?:[ -][^\W\d_]+){0,3}\)"
)


@dataclass(frozen=True)
class Lexicon:
    """Words writer knows beyond the backend's dictionary: the bundled en_US dictionary (a
    word it knows is not looked up again, which spares harper most of its work), the technical
    vocabulary (any case) and the names of products as their owners write them."""

    technical: frozenset[str]
    names: dict[str, str]  # lower case -> the name as written
    dictionary: Dictionary | None = None

    @classmethod
    def bundled(cls) -> Lexicon:
        from writer.infra.data import data_dir
        from writer.infra.hunspell import Dictionary

        folder = data_dir("dictionaries")
        names = _word_list(folder / "names.txt")
        dic, aff = folder / "en_US.dic", folder / "en_US.aff"
        return cls(
            frozenset(word.lower() for word in _word_list(folder / "technical.txt")),
            {name.lower(): name for name in names},
            Dictionary(dic, aff) if dic.is_file() else None,
        )

    def technical_word(self, word: str) -> bool:
        """A technical word, its plural, or a verb made of it ("backfilling", "checksummed")."""
        lowered = word.lower().split("'", 1)[0]
        if lowered in self.technical:
            return True
        if lowered.endswith("s") and lowered[:-1] in self.technical:
            return True
        for suffix in ("ing", "ed", "er", "ers"):
            if lowered.endswith(suffix) and len(lowered) > len(suffix) + 3:
                stem = lowered[: -len(suffix)]
                undoubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
                if {stem, undoubled, stem + "e"} & self.technical:
                    return True
        return False

    def common_word(self, word: str) -> bool:
        """Whether the bundled dictionary knows ``word`` as written (or capitalised), or as the
        other side of the Atlantic spells it (misspelt: misspelled, colour: color)."""
        if self.dictionary is None:
            return False
        if self.dictionary.known(word):
            return True
        if any(self.dictionary.known(v) for v in spelling_variants(word, UNDOUBLED)):
            return True
        stem = british_stem(word)
        return stem is not None and self.dictionary.known(stem)

    def doubling_of_a_word(self, word: str) -> bool:
        """Whether the bundled dictionary knows ``word`` with one letter doubled or undoubled
        (occurence: occurrence), the commonest typo a writer repeats."""
        if self.dictionary is None:
            return True  # cannot tell: let the backend decide
        lowered = word.lower()
        for index in range(1, len(lowered) + 1):
            letter = lowered[index - 1]
            doubled = lowered[:index] + letter + lowered[index:]
            if self.dictionary.known(doubled):
                return True
            undoubled = lowered[:index] + lowered[index + 1 :]
            if (
                index < len(lowered)
                and lowered[index] == letter
                and self.dictionary.known(undoubled)
            ):
                return True
        return False

    def nearby_name(self, word: str) -> str | None:
        """A known name ``word`` is written differently from or looks like a typo of."""
        lowered = word.lower()
        exact = self.names.get(lowered)
        if exact is not None:
            return exact if exact != word else None
        if len(word) < 5:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = 1 if len(word) < 8 else 2
        found = process.extractOne(
            lowered, list(self.names), scorer=OSA.distance, score_cutoff=limit
        )
        if found is None:
            return None
        name = self.names[found[0]]
        if name.lower() in lowered or lowered in name.lower():
            return None  # a name made from a name (pymarkdown, markdownlint), not its typo
        return None if _plural_pair(word, name) else name


# Short words a writer runs into the next or the previous one by a missed space.
_RUN_ON = frozenset((
    "a", "an", "the", "be", "is", "are", "was", "were", "to", "of", "in", "on", "at", "it", "its",
    "by", "or", "and", "not", "we", "you", "can", "will", "has", "have", "had", "do", "does", "did",
))  # fmt: skip


def run_on(word: str, known: str) -> str | None:
    """``word`` as two words when it is ``known`` run into a short word ("shouldbe": "should
    be", "thecluster": "the cluster"), else None."""
    lowered, known = word.lower(), known.lower()
    if len(known) >= 3 and lowered.startswith(known) and lowered[len(known) :] in _RUN_ON:
        return f"{word[: len(known)]} {word[len(known) :]}"
    if len(known) >= 3 and lowered.endswith(known) and lowered[: -len(known)] in _RUN_ON:
        cut = len(word) - len(known)
        return f"{word[:cut]} {word[cut:]}"
    return None


def _edits(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))


def _doubling(word: str, known: str) -> bool:
    """``word`` is ``known`` with one letter doubled or undoubled (occurence, occurrence)."""
    short, long = sorted((word, known), key=len)
    if len(long) != len(short) + 1:
        return False
    for index, letter in enumerate(long):
        if long[:index] + long[index + 1 :] == short:
            return (index > 0 and long[index - 1] == letter) or long[
                index + 1 : index + 2
            ] == letter
    return False


def _word_list(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _plural_pair(a: str, b: str) -> bool:
    """``a`` and ``b`` are one word with and without a plural ending, or differ only in their
    last letter (``BlockX`` and ``BlockY``): variants, not typos."""
    a, b = a.lower(), b.lower()
    if a.rstrip("s") == b.rstrip("s") or a[:-1] == b[:-1]:
        return True
    return (a.endswith("es") and a[:-2] == b) or (b.endswith("es") and b[:-2] == a)


@dataclass(frozen=True)
class Candidate:
    """A word to look up: ``text[start:end]`` of the checked text of block ``index``.

    ``query`` is what the dictionary is asked: the word itself, or its lower-case form for a
    capitalised word opening a sentence (``Appendinx`` is asked as ``appendinx``)."""

    index: int
    start: int
    end: int
    word: str
    query: str
    suggestion: str | None = None  # a name the document writes, when this looks like its typo
    name: bool = False  # capitalised mid-sentence: reported only as the typo of a known name
    frequency: int = 1  # how often the document writes the word
    part: bool = False  # a part of a hyphenated word

    def reportable(self, replacements: Sequence[str]) -> bool:
        """Whether a word the dictionary does not know is worth reporting.

        - a name (capitalised mid-sentence, or an identifier) only when it is a known name
          written another way (``Github``) or a letter or two from a name the document writes
          more often or writer knows (``Kubenetes``), not merely unknown (``Thanos``): such
          words come with their ``suggestion``, others are not candidates;
        - a capitalised word opening a sentence only when it is one letter from a common word
          and long enough not to be a name (``Appendinx``, not ``Oleg`` or ``Infura``);
        - a word the document writes three times or more only when it is a known word with a
          letter doubled or undoubled (``occurence``), not the document's own term
          (``querier``);
        - a word the dictionary has no suggestion for is a name or a handle, not a typo, and
          so is one whose best suggestion starts with another letter.
        """
        if self.suggestion is not None:
            return True
        if not replacements:
            return False
        if self._run_on(replacements) is not None:
            return True
        best = replacements[0]
        lowered = self.word.lower()
        if any(
            lowered.startswith(r.lower()) and lowered[len(r) :] in _DERIVING
            for r in replacements[:3]
        ):
            return False  # a known word made into a tool or a quality: inliner, rasterizer
        if best[:1].lower() != self.word[:1].lower() and best[1:].lower() != lowered:
            # a typo keeps its first letter, unless it lost it ("roblem"); a proposal that
            # changes it reads a name or a term as some other word (jinja as ninja)
            return False
        if self.part:  # half of a compound is often no word alone (post-mortem, nitty-gritty)
            return _edits(self.word.lower(), best.lower()) <= 1
        if self.query != self.word:
            return len(self.word) >= 8 and best[:1].islower() and _edits(self.query, best) <= 1
        if self.frequency >= 3:
            return _doubling(self.word.lower(), best.lower())
        # A typo is a letter or two from the word meant (two for words of nine letters or
        # more); a word further from anything the dictionary knows is a name, a handle or a
        # tool (godeps, libuv, optimisticben) more often than a typo.
        return _edits(self.word.lower(), best.lower()) <= (1 if len(self.word) < 9 else 2)

    def _run_on(self, replacements: Sequence[str]) -> str | None:
        for replacement in replacements[:3]:
            split = run_on(self.word, replacement)
            if split is not None:
                return split
        return None

    def suggestions(self, replacements: Sequence[str]) -> tuple[str, ...]:
        """The dictionary's suggestions as the word is written (capitalised when it is)."""
        split = self._run_on(replacements)
        found = list(replacements) if split is None else [split, *replacements]
        if self.query != self.word:
            found = [r[:1].upper() + r[1:] for r in found]
        if self.suggestion is not None:
            found = [self.suggestion, *(r for r in found if r != self.suggestion)]
        return tuple(found)


def _compile_accept(entries: Iterable[str]) -> list[re.Pattern[str]]:
    """Vocabulary entries are regular expressions matched against the whole word, ignoring case
    (as Vale's spelling rule reads them); an entry that is not a valid one matches as written."""
    patterns = []
    for entry in entries:
        try:
            patterns.append(re.compile(entry, re.IGNORECASE))
        except re.error:
            patterns.append(re.compile(re.escape(entry), re.IGNORECASE))
    return patterns


def accepted(word: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    return any(pattern.fullmatch(word) for pattern in patterns)


def _strip(token: str, start: int) -> tuple[str, int]:
    """The token without the punctuation around it, and where that starts."""
    lead = 0
    while lead < len(token) and token[lead] in _OPENING:
        lead += 1
    end = len(token)
    while end > lead and token[end - 1] in _CLOSING:
        end -= 1
    return token[lead:end], start + lead


def _core(word: str) -> str:
    """The word to look up: without a possessive ending, with straight apostrophes."""
    if "'" not in word and "’" not in word:
        return word
    for ending in _POSSESSIVE:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            word = word[: -len(ending)] if ending[0] in "'’" else word[:-1]
            break
    return word.replace("’", "'")


def _is_name_shape(word: str) -> bool:
    """An acronym or an identifier: a capital after the first letter (KEP, StatefulSet, iOS)."""
    rest = word[1:]
    return rest != rest.lower()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


class DocumentWords:
    """What one document says about its words: those it writes outside its prose, those it
    capitalises mid-sentence, and how often it writes each."""

    def __init__(
        self, document: Document, texts: Sequence[tuple[int, BlockKind, GrammarText]]
    ) -> None:
        source = document.text
        outside: set[str] = set()
        for start, end in document.masked_spans:
            outside.update(word.lower() for word in _OTHER_WORDS.findall(source[start:end]))
        self.outside = frozenset(outside)
        self.counts: Counter[str] = Counter()
        self.names: set[str] = set()
        # Every word of the prose once: (block, kind, text, word, start, initial, part, core).
        self.words: list[tuple[int, BlockKind, GrammarText, str, int, bool, bool, str]] = []
        for index, kind, text in texts:
            for word, start, initial, part in _words(kind, text.text):
                core = _core(word)
                self.words.append((index, kind, text, word, start, initial, part, core))
                self.counts[core] += 1
                if not initial and _capitalised(core) and not _is_name_shape(core):
                    self.names.add(core)
        self._names: tuple[list[str], list[str]] | None = None
        self._lowered: Counter[str] | None = None

    def frequency(self, word: str) -> int:
        """How often the document writes ``word``, in any case."""
        if self._lowered is None:
            self._lowered = Counter()
            for other, count in self.counts.items():
                self._lowered[other.lower()] += count
        return self._lowered[word.lower()]

    def written_elsewhere(self, word: str) -> bool:
        stem = word.split("'", 1)[0]
        return word.lower() in self.outside or stem.lower() in self.outside

    def nearby_name(self, word: str) -> str | None:
        """A name the document writes more often that ``word`` looks like a typo of."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if len(word) < 5:
            return None  # short names differ by a letter as often as not (Geth, Reth)
        if self._names is None:
            names = [w for w, n in self.counts.items() if n >= 2 and _capitalised(w)]
            self._names = (names, [name.lower() for name in names])
        names, keys = self._names
        own = self.counts[word]
        lowered = word.lower()
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, str] | None = None
        for _key, _distance, position in process.extract(
            lowered, keys, scorer=OSA.distance, score_cutoff=limit, limit=None
        ):
            other = names[position]
            count = self.counts[other]
            if other == word or count <= own or _plural_pair(word, other):
                continue
            if other[:1].isupper() != word[:1].isupper():
                continue  # a field (podsTemplate) beside a type (PodTemplate)
            if other.lower() == lowered and not _is_name_shape(other):
                continue  # the same word, capitalised at the start of a sentence
            if _is_name_shape(word) and other.lower() in lowered:
                continue  # a name made from a name (RStudio from Studio), not its typo
            if best is None or count > best[0]:
                best = (count, other)
        return best[1] if best else None


def _words(kind: BlockKind, text: str) -> Iterable[tuple[str, int, bool, bool]]:
    """Each plain word of ``text``: the word, where it starts, and whether it opens a sentence
    (every word of a heading counts as opening one: headings capitalise words freely). The
    parts of a hyphenated word are words of their own (``non-english``)."""
    previous = ""
    first = True
    for match in _TOKEN.finditer(text):
        raw = match.group()
        word, start = _strip(raw, match.start())
        initial = (
            kind is BlockKind.HEADING
            or first
            or bool(_SENTENCE_END.search(previous))
            or previous in _BULLETS
            or raw[:1] in "\"'“‘"  # a quotation may open a sentence; "(" or "*" does not
        )
        first = False
        previous = raw
        if not word:
            continue
        if _PLAIN_WORD.fullmatch(word):
            yield word, start, initial, False
        elif _HYPHENATED.fullmatch(word):
            offset = start
            for number, part in enumerate(word.split("-")):
                if len(part) >= _PART_LENGTH:
                    yield part, offset, initial and number == 0, True
                offset += len(part) + 1


def candidates(
    document: Document,
    texts: Sequence[tuple[int, BlockKind, GrammarText]],
    accept: Sequence[str],
    lexicon: Lexicon,
) -> list[Candidate]:
    """The words of ``texts`` (block index, kind and checked text of each prose block of
    ``document``) worth a spelling check."""
    patterns = _compile_accept(accept)
    context = DocumentWords(document, texts)
    found: list[Candidate] = []
    nearby: dict[str, str | None] = {}
    fine: dict[tuple[str, str], bool] = {}  # words seen before: fine wherever they are
    for index, kind, text, word, start, initial, part, core in context.words:
        if kind is BlockKind.BLOCKQUOTE:
            continue  # quoted text is not the author's
        verdict = fine.get((word, core))
        if verdict is None:
            verdict = fine[(word, core)] = (
                len(core) < MIN_LENGTH
                or core.isupper()  # an acronym
                or _ACRONYM_PLURAL.fullmatch(core) is not None  # SLOs
                or accepted(core, patterns)
                or accepted(word, patterns)
                or lexicon.technical_word(core)
                or context.written_elsewhere(core)
            )
        if verdict or text.near_hole(start, start + len(word), touching=False):
            continue
        if _GLOSS.match(text.text, start + len(word)):
            continue  # a name the author explains: "sygnal (push server)"
        if (
            len(core) <= 4
            and text.text[start + len(word) : start + len(word) + 1] == "."
            and core.islower()
            and _SUFFIX.search(text.text, max(0, start - 40), start)
        ):
            continue  # a company's suffix after its name: "Andes ehf.", "Acme srl."
        shaped = _is_name_shape(core)
        capitalised = _capitalised(core)
        name = shaped or (capitalised and (not initial or core in context.names))
        if not name and lexicon.common_word(core):
            continue  # a dictionary word: no need to ask the backend
        frequency = context.frequency(core)
        if not name and frequency >= 3 and not lexicon.doubling_of_a_word(core):
            continue  # the document's own term (see Candidate.reportable)
        suggestion = None
        if capitalised or shaped:
            if core not in nearby:
                nearby[core] = context.nearby_name(core) or lexicon.nearby_name(core)
            suggestion = nearby[core]
            if name and suggestion is None:
                continue  # a name or an identifier, not the typo of a known one
        query = core
        if capitalised and not name and core[1:].islower() and "'" not in core:
            query = core.lower()
        found.append(
            Candidate(
                index, start, start + len(core), core, query, suggestion, name, frequency, part
            )
        )
    return found


_FOLLOWING = re.compile(r"\s+([^\W\d_]+)(?![\w\-/.'’]*[\w\-/])")


def word_after(text: str, end: int) -> str | None:
    """The word after an article ending at ``end``, when it is a plain word whose sound its
    letters tell: not an acronym (SCA, UPDATE), an identifier (AsyncIterator), a name with
    digits or punctuation (n-2, .cargo) or a link's text. None otherwise."""
    found = _FOLLOWING.match(text, end)
    if found is None:
        return None
    word = found.group(1)
    if len(word) > 1 and (word.isupper() or _is_name_shape(word)):
        return None
    if word.lower() in _NO_NOUN:
        return None  # "node A is", "A and AAAA records": the letter is a name, not an article
    return word


# Words an article never stands before.
_NO_NOUN = frozenset(
    {
        "and",
        "or",
        "nor",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "in",
        "on",
        "of",
        "to",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "if",
        "then",
        "than",
        "so",
        "that",
        "which",
        "who",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "not",
    }
)


# British and American spellings of one word: (British ending, American ending).
_VARIANTS = (
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("llers", "lers"),
    ("ssed", "sed"),
    ("ssing", "sing"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("ence", "ense"),
    ("ences", "enses"),
    ("mme", "m"),
    ("mmes", "ms"),
    ("gement", "gment"),
    ("gements", "gments"),
    ("efact", "ifact"),
    ("efacts", "ifacts"),
)


_BRITISH_INFLECTION = re.compile(r"(?i)(?:(l)(?:led|ling|lers?)|(ll?|n|m)t)$")


def british_stem(word: str) -> str | None:
    """The verb a British inflection is made from: ``travelled`` and ``travelling`` from
    ``travel``, ``spelt`` and ``misspelt`` from ``spell``, ``learnt`` from ``learn``. None when
    the word has no such ending. The caller checks the stem is a word: ``scheduller`` has the
    ending but ``schedul`` is no word, so it stays a typo."""
    found = _BRITISH_INFLECTION.search(word)
    if found is None:
        return None
    lowered = word.lower()
    if found.group(1):
        return lowered[: found.start()] + "l"
    ending = found.group(2).lower()
    stem = lowered[: found.start()] + ("ll" if ending.startswith("l") else ending)
    # only the verbs English inflects so (learnt, misspelt): "promt" is no form of "prom"
    return stem if stem.endswith(_T_FORM_VERBS) else None


# Endings that make a word from a word (inline -> inliner, merge -> mergeable).
_DERIVING = frozenset({"r", "er", "able", "ability", "ers", "rs"})
_T_FORM_VERBS = ("learn", "spell", "dream", "burn", "smell", "spill", "spoil", "dwell")


# The variants that do not double or undouble a letter: a doubled letter is the commonest typo
# (schedulling), so it is accepted only when the backend itself proposes the other spelling.
UNDOUBLED = tuple(
    (british, american)
    for british, american in _VARIANTS
    if not (british[:2] in ("ll", "ss", "mm") or american[:2] in ("ll", "ss", "mm"))
    and british[1:2] != british[:1]
)


def spelling_variants(word: str, variants: tuple[tuple[str, str], ...] = _VARIANTS) -> set[str]:
    """The word as the other side of the Atlantic spells it (colour and color, realise and
    realize, cancelled and canceled), both ways."""
    lowered = word.lower()
    found = set()
    for british, american in variants:
        if lowered.endswith(british):
            found.add(lowered[: -len(british)] + american)
        if lowered.endswith(american):
            found.add(lowered[: -len(american)] + british)
    found.discard(lowered)
    return found
