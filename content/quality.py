"""Item quality, without the database: surface cues a test-wise learner could use, overlap and give-aways.

Everything here works on plain values (texts and truth values), so the audit command, the admin,
the quiz generator and the tests share one definition of what "can be guessed" means.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Limits the bundled bank must meet (audit_items exits non-zero past them).
MAX_CUE_ACCURACY = 0.65  # best single surface rule over the whole bank
MAX_SECTION_CUE_ACCURACY = 0.80  # per section: fewer statements, so chance alone reaches higher
MAX_OVERLAP_LIFT = 0.15  # word-overlap matching may beat chance by at most this much
MAX_SECTION_OVERLAP_LIFT = 0.25  # per section: few claims, so one lucky pick moves the share a lot
MAX_HEADLINE_SHARE = 0.34  # false statements that are the claim's own wording
MIN_PER_CLAIM = 3  # approved true and approved false statements per published claim
GIVEAWAY_SHARE = 0.8  # a feedback text holding this share of a statement's words gives it away

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "there",
        "these",
        "this",
        "those",
        "to",
        "was",
        "were",
        "which",
        "who",
        "will",
        "with",
        "would",
        "than",
        "then",
        "also",
        "over",
        "after",
        "before",
        "about",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "our",
        "we",
        "you",
        "your",
        "i",
    ]
)
NEGATIONS = frozenset({"not", "no", "never", "neither", "nor", "none", "nothing", "without", "cannot"})
ABSOLUTES = frozenset({"all", "every", "always", "never", "none", "only", "any", "entirely", "completely"})
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words, accents folded; "n't" counts as "not"."""
    out = []
    for word in _WORD.findall(_fold(text)):
        if word.endswith(("n't", "n’t")):
            out.extend([word[:-3], "not"])
        else:
            out.append(word)
    return tuple(out)


def stems(text: str) -> set[str]:
    """Content-word stems (first five letters), so "expand", "expanded" and "expansion" meet."""
    return {w[:5] for w in words(text) if w not in STOPWORDS and len(w) > 2}


def normalised(text: str) -> str:
    return " ".join(words(text))


# --- Surface cues ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    name: str
    rule: str  # the best rule in words, e.g. "longer than 96 characters → true"
    accuracy: float  # share of statements the rule gets right


def _numeric_features() -> dict[str, Callable[[str], float]]:
    return {
        "length": lambda t: len(t),
        "word count": lambda t: len(words(t)),
        "digits": lambda t: sum(ch.isdigit() for ch in t),
        "commas": lambda t: t.count(","),
    }


def _binary_features() -> dict[str, Callable[[str], bool]]:
    return {
        "a negation": lambda t: bool(NEGATIONS & set(words(t))),
        "an absolute word": lambda t: bool(ABSOLUTES & set(words(t))),
        "a number": lambda t: any(ch.isdigit() for ch in t),
        "quotation marks": lambda t: any(q in t for q in '"“”«»'),
    }


# How the audit's findings name each feature (the keys are the cues' names, which stay English).
FEATURE_LABELS = {
    "length": gettext_lazy("length"),
    "word count": gettext_lazy("word count"),
    "digits": gettext_lazy("digits"),
    "commas": gettext_lazy("commas"),
    "a negation": gettext_lazy("a negation"),
    "an absolute word": gettext_lazy("an absolute word"),
    "a number": gettext_lazy("a number"),
    "quotation marks": gettext_lazy("quotation marks"),
}


def _best_threshold(values: Sequence[float], truths: Sequence[bool]) -> tuple[float, float, bool]:
    """Best rule "value > t → true" (or → false): returns (accuracy, threshold, above_means_true)."""
    n = len(values)
    best = (0.5, float("-inf"), True)
    for t in sorted(set(values)):
        above_true = sum((v > t) == truth for v, truth in zip(values, truths, strict=True)) / n
        for accuracy, direction in ((above_true, True), (1 - above_true, False)):
            if accuracy > best[0]:
                best = (accuracy, t, direction)
    return best


def surface_cues(statements: Sequence[tuple[str, bool]]) -> list[Cue]:
    """Every single-feature rule's best accuracy on (text, is_true) pairs, best first.

    Rules are fitted on the same statements they are scored on, which flatters them: a limit
    that holds here holds for a learner who has to guess the rule in advance.
    """
    if not statements:
        return []
    texts = [t for t, _ in statements]
    truths = [bool(v) for _, v in statements]
    n = len(texts)
    cues = []
    for name, feature in _numeric_features().items():
        accuracy, threshold, above_true = _best_threshold([feature(t) for t in texts], truths)
        # Translators: a rule a test-wise learner could follow, e.g. "length above 96 → true".
        if above_true:
            rule = _("%(feature)s above %(threshold)s → true")
        else:
            rule = _("%(feature)s above %(threshold)s → false")
        cues.append(Cue(name, rule % {"feature": FEATURE_LABELS[name], "threshold": f"{threshold:g}"}, accuracy))
    for name, feature in _binary_features().items():
        has = [feature(t) for t in texts]
        right = sum(h == truth for h, truth in zip(has, truths, strict=True)) / n
        if right >= 1 - right:
            accuracy, rule = right, _("has %(feature)s → true")
        else:
            accuracy, rule = 1 - right, _("has %(feature)s → false")
        cues.append(Cue(name, rule % {"feature": FEATURE_LABELS[name]}, accuracy))
    firsts = [(words(t) or [""])[0] for t in texts]
    best_word, best_verdict, best_accuracy = None, True, 0.5
    for word in sorted(set(firsts)):
        right = sum((f == word) == truth for f, truth in zip(firsts, truths, strict=True)) / n
        for accuracy, verdict in ((right, True), (1 - right, False)):
            if accuracy > best_accuracy:
                best_word, best_verdict, best_accuracy = word, verdict, accuracy
    if best_word is None:
        cues.append(Cue("first word", "—", 0.5))
    else:
        rule = _("starts with “%(word)s” → true") if best_verdict else _("starts with “%(word)s” → false")
        cues.append(Cue("first word", rule % {"word": best_word}, best_accuracy))
    always_false = sum(not truth for truth in truths) / n
    cues.append(
        Cue(
            "always the same answer",
            _("always false") if always_false >= 0.5 else _("always true"),
            max(always_false, 1 - always_false),
        )
    )
    return sorted(cues, key=lambda c: -c.accuracy)


# --- Headlines, overlap, give-aways ------------------------------------------------------------


def is_headline(statement: str, claim: str) -> bool:
    """The false statement is the claim in its own words (give or take punctuation)."""
    return normalised(statement) == normalised(claim)


def overlap(a: str, b: str) -> int:
    return len(_profile(a)[1] & _profile(b)[1])


def overlap_pick(claim: str, summaries: Sequence[str]) -> int:
    """The index of the summary a word-matching learner picks: most shared stems, first on ties."""
    scores = [overlap(claim, s) for s in summaries]
    return scores.index(max(scores))


@dataclass(frozen=True)
class OverlapResult:
    right: int
    total: int
    chance: float  # expected share right for a random pick among the options

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def lift(self) -> float:
        return self.accuracy - self.chance


def matching_overlap(pairs: Sequence[tuple[str, str]], decoys: Iterable[str] = ()) -> OverlapResult:
    """How a learner who matches by shared words does on one set: (claim, its summary) pairs plus decoys."""
    summaries = [s for _, s in pairs] + list(decoys)
    if not pairs:
        return OverlapResult(0, 0, 0.0)
    right = sum(overlap_pick(claim, summaries) == i for i, (claim, _) in enumerate(pairs))
    return OverlapResult(right, len(pairs), 1 / len(summaries))


def gives_away(feedback: str, statement: str) -> bool:
    """True when a learner who read `feedback` could answer `statement` from it alone.

    Either the statement's words appear in order in the feedback, or the feedback holds most of
    its content words (``GIVEAWAY_SHARE``).
    """
    return _tells(_profile(feedback), _profile(statement))


@lru_cache(maxsize=4096)
def _profile(text: str) -> tuple[str, frozenset[str]]:
    return f" {normalised(text)} ", frozenset(stems(text))


def giveaway_pairs(items: Sequence[tuple[str, str]]) -> frozenset[tuple[int, int]]:
    """Pairs (i, j) where item i's feedback gives away item j's statement; items are (statement, feedback).

    Cached: a section's pool is the same for every learner until editors change it.
    """
    return _giveaway_pairs(tuple(items))


@lru_cache(maxsize=128)
def _giveaway_pairs(items: tuple[tuple[str, str], ...]) -> frozenset[tuple[int, int]]:
    statements = [_profile(st) for st, _ in items]
    feedbacks = [_profile(fb) for _, fb in items]
    return frozenset(
        (i, j)
        for i, feedback in enumerate(feedbacks)
        for j, statement in enumerate(statements)
        if i != j and _tells(feedback, statement)
    )


def _tells(feedback: tuple[str, frozenset[str]], statement: tuple[str, frozenset[str]]) -> bool:
    """`gives_away` on profiles: the statement's words in order in the feedback, or most of its stems."""
    (fb_text, fb_stems), (st_text, st_stems) = feedback, statement
    if st_text.strip() and st_text in fb_text:
        return True
    return bool(st_stems) and len(st_stems & fb_stems) / len(st_stems) >= GIVEAWAY_SHARE
