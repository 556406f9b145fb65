"""How a claim and its evidence read: one-line statements and excerpts cut at word boundaries.

Decides the text a reader sees for a claim group: a quote in quotation
marks only when the article quotes it (reported speech stays reported, with
its verb, so "China rejects ..." never reads as its opposite), a figure
after what it measures, an event as subject-verb-object; and excerpts of
the evidence that never cut a word in two.
"""

from __future__ import annotations

from newsfuse.records import ClaimMention

EXCERPT_CONTEXT = 60
ELLIPSIS = "…"


def statement(mention: ClaimMention) -> str:
    """A one-line statement of the claim for tables and briefs."""
    value = mention.value_dict()
    content = " ".join(mention.content.split())
    if mention.type in {"quote", "attribution"}:
        who = mention.attributed_to or mention.speaker
        if value.get("direct"):
            return f"{who or 'unattributed'}: “{content}”"
        if who and value.get("according"):
            return f"According to {who}, {content}"
        if who and mention.cue and mention.cue.strip() != ":":
            return f"{who} {mention.cue} {content}"
        return f"{who}: {content}" if who else content
    if mention.type == "number":
        measure = f"{mention.measure}: " if mention.measure else ""
        year = value.get("year")
        return f"{measure}{content}" + (f" ({year})" if year else "")
    if value.get("verb"):
        negated = " not" if value.get("negated") else ""
        return f"{value['subject']}{negated} {value['verb']} {value['object']}"
    return content


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(" ,;:") + ELLIPSIS


def excerpt(text: str, span: tuple[int, int], context: int = EXCERPT_CONTEXT) -> str:
    """The span with up to ``context`` characters either side, widened to whole words, one line."""
    start, end = span
    left = max(0, start - context)
    right = min(len(text), end + context)
    while left > 0 and not text[left - 1].isspace() and left < start:
        left += 1
    while right < len(text) and not text[right].isspace() and right > end:
        right -= 1
    if left > 0 and not text[left - 1].isspace():
        left = start
    if right < len(text) and not text[right].isspace():
        right = end
    piece = " ".join(text[left:right].split())
    return (ELLIPSIS if left > 0 else "") + piece + (ELLIPSIS if right < len(text) else "")
