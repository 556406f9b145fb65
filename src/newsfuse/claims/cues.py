"""The vocabulary of attribution: cue words, and the spans a parse gives around them.

Decides which words can introduce what someone said or thought (speech
verbs, stance verbs, nouns of saying), what a cue's source is (its subject
or passive agent) and how spans are cut (trimmed of spaces, quotation marks
and end punctuation). Shared by quotes.py and attribution.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

SPEECH_LEMMAS = frozenset(
    """say tell report add state stress assure announce claim note explain warn insist argue write confirm deny
    predict estimate believe think acknowledge admit suggest declare reveal comment remark emphasize emphasise
    urge reply respond allege learn describe indicate conclude vow promise pledge threaten accuse tweet signal
    agree disclose recall complain caution contend maintain testify told call show cite want plan support know find
    demand question defend mention discuss offer decline seem charge hope expect fear feel worry pledge propose
    criticize criticise praise blame dismiss reject predict forecast project ask assert concede counter insist
    lament observe point reiterate repeat say shout speculate stress swear tout underscore voice wonder worry
    announce boast brag joke quip recount remind retort rule understand doubt guess figure imagine""".split()
)

# Verbs of expressing a stance rather than saying something ("endorsed
# Cruz", "thanked voters", "denounced the plan"): attributions in PolNeAR's
# sense, but not claims anyone could check. The list holds the verbs that
# PolNeAR's annotators marked as cues in at least 45% of their uses with a
# subject, seen at least five times, in the first 150 articles of its train
# split (evals/attribution.py reports on dev).
EXPRESSION_LEMMAS = frozenset(
    """continue appear focus refuse express back thank refer endorse congratulate prefer denounce attack mock
    intend share avoid echo oppose challenge cheer boo read""".split()
)

# Verbs PolNeAR's annotators marked as cues in at least half of their uses
# with a subject, object or clause, seen as cues at least five times, in the
# whole train split (840 articles; evals/attribution.py reports on dev), and
# not in the lists above. Lemmas as the small English model gives them
# ("hopes" is lemmatised "hop"). Kept out of SPEECH_LEMMAS, so they never make
# a claim of their own: they only mark attributions (content F1 on train 0.732
# -> 0.742 overlap; 0.5 is "a cue more often than not", not a tuned optimum).
LEARNED_LEMMAS = frozenset(
    """acquiesce aim anger apologize applaud articulate assail attribute balk bemoan blast brush chant characterize
    chide clarify condemn contemplate credit decry deem detail dispute distance envision hail hint hop imply interject
    issue label lash liken list order outline pivot plead portray post proclaim publish quote rail rattle reaffirm
    rebuke rebut recite recommend reference retweete side slam suspect yell""".split()
)

CUE_LEMMAS = SPEECH_LEMMAS | EXPRESSION_LEMMAS | LEARNED_LEMMAS

# Nouns of saying and proposing ("his call for", "the claim that"), the
# commonest noun cues of PolNeAR's train split.
NOUN_CUES = frozenset(
    """call claim endorsement support demand announcement proposal assertion comment declaration criticism warning
    statement plan view assessment prediction estimate promise pledge threat accusation allegation insistence
    suggestion argument admission denial complaint praise condemnation""".split()
)

# Cues whose content is often an object or a 'to' clause, not a that-clause:
# "called for reforms", "wants to leave", "cited the report".
OBJECT_CONTENT = (
    frozenset(
        """call cite want plan support demand propose offer promise pledge urge ask reject dismiss deny vow mention
        criticize criticise discuss praise blame describe defend""".split()
    )
    | EXPRESSION_LEMMAS
)

# Verbs whose object is the person addressed, not what is said.
ADDRESS = frozenset("tell ask remind inform warn assure urge advise".split())

# Verbs whose content may be an indirect question ("asked voters if ...").
QUESTION_CUES = frozenset("ask wonder question inquire".split())

CONTENT_PREPOSITIONS = frozenset({"for", "on", "about", "to", "against", "with"})

# Prepositional phrases right after a cue's object that belong to what was
# said ("accused her of battery", "praised Pence for cutting taxes"): the
# prepositions PolNeAR's content spans take in at least two thirds of such
# uses, seen at least four times, in the train split ("in", "on", "at",
# "after" mostly give time or place and are left out).
OBJECT_PREPOSITIONS = frozenset({"for", "as", "of", "with", "to", "about", "against", "over"})

OPENING = '“"«„‘'

TRIM = " \n\t,.;:\"'“”‘’«»„"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Attribution:
    """Who (source) said (cue) what (content); ``parts`` are the content's pieces (several for a split quote)."""

    kind: Literal["direct", "indirect", "according-to"]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int]
    parts: tuple[tuple[int, int], ...] = ()
    speech: bool = True

    def source_text(self, text: str) -> str | None:
        return text[self.source[0] : self.source[1]] if self.source else None

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.parts or (self.content,)


def is_cue(token: Any) -> bool:
    return token.lemma_.casefold() in CUE_LEMMAS and token.pos_ in {"VERB", "AUX"}


def subject(verb: Any) -> tuple[int, int] | None:
    """The span of a speech verb's subject (or passive agent); a participle shares its head's subject.

    The subject of a passive cue is not its source: in "Clinton was expected
    to win" nobody is quoted; in "it was announced by the ministry" the
    ministry is.
    """
    if verb.dep_ in {"advcl", "xcomp", "conj"} and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        # "..., saying that ...": the participle shares its head's subject.
        return subject(verb.head) if verb.head is not verb else None
    for child in verb.children:
        if child.dep_ == "nsubj" and child.tag_ not in {"EX"} and child.lower_ not in {"it", "that", "which"}:
            return span_of(child.left_edge, child.right_edge)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return span_of(objects[0].left_edge, objects[0].right_edge)
    return None


def cue_span(verb: Any) -> tuple[int, int]:
    """The verb with its auxiliaries and negation before it ('did not say', 'has denied')."""
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
    start = min([verb.idx] + [a.idx for a in auxiliaries])
    return start, verb.idx + len(verb.text)


def sentence_at(doc: Any, char: int) -> Any:
    """The sentence holding character ``char``: via its token (cheap), else by scanning the sentences."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0].sent
    return next((s for s in doc.sents if s.start_char <= char < s.end_char), None)


def span_of(first: Any, last: Any) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def words_in(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].split())
