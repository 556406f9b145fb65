"""Story evidence in any script: words with combining marks, digits of any script, no names where no case."""

from __future__ import annotations

import numpy as np

from newsfuse.cluster.scoring import PairScorer, StoryWeights
from newsfuse.index.entities import entity_bags, names_found
from newsfuse.index.fingerprints import IndexStage
from newsfuse.index.tokens import word_spans, words
from newsfuse.records import Article

# Our own sentences (Urdu, Hindi): a council opens a hospital; a court adjourns a hearing.
URDU_A = "شہر کی کونسل نے منگل کو نیا ہسپتال کھولا جس میں سو بستر ہیں اور علاج مفت ہوگا"
URDU_B = "کونسل نے منگل کو شہر میں نیا ہسپتال کھول دیا، سو بستروں والے ہسپتال میں علاج مفت ہوگا"
URDU_OTHER = "عدالت نے سماعت اگلے ماہ تک ملتوی کر دی اور وکلا کو نئے دلائل دینے کا حکم دیا"


def _article(article_id: str, text: str, language: str) -> Article:
    return Article(id=article_id, input=article_id, text=text, source_format="text", language=language)


def test_words_keep_their_vowel_signs() -> None:
    assert words("हिंदी भाषा में समाचार") == ["हिंदी", "भाषा", "में", "समाचार"]
    assert words("مُحمّد علی") == ["مُحمّد", "علی"]
    text = "नई हिंदी खबर"
    assert [text[s:e] for s, e, _ in word_spans(text)] == ["नई", "हिंदी", "खबर"]


def test_numbers_and_years_in_any_digits_match_ascii_ones() -> None:
    [urdu, english] = entity_bags(["سال ۲۰۱۴ میں ۵ وکٹیں", "In 2014 five wickets, 5 in all"], ["ur", "en"], "rules")
    assert "year:2014" in urdu and "num:5" in urdu
    assert "year:2014" in english


def test_only_scripts_with_letter_case_have_names() -> None:
    assert not names_found("ur") and not names_found("zh") and not names_found("hi")
    assert names_found("en") and names_found("es") and names_found(None)


def _scores(language: str) -> np.ndarray:
    articles = [_article(k, t, language) for k, t in (("a", URDU_A), ("b", URDU_B), ("c", URDU_OTHER))]
    prints = IndexStage(embedder="none", ner="rules").process_batch(articles)
    scorer = PairScorer.for_corpus(articles, prints)
    return scorer.score(np.array([0, 0]), np.array([1, 2]))


def test_a_script_without_case_is_not_marked_down_for_missing_names() -> None:
    weights = StoryWeights()
    as_urdu, as_if_cased = _scores("ur"), _scores("es")
    # Same texts: labelled as a cased language, half of the score waits for names that the
    # capitalised-phrase rule cannot find in this script; as Urdu, that weight goes to the words.
    assert as_urdu[0] > as_if_cased[0]
    assert as_urdu[0] >= weights.threshold > as_if_cased[0]
    # An unrelated report stays far below the threshold either way.
    assert as_urdu[1] < weights.threshold / 2
