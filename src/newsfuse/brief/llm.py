"""The optional abstractive writer: a language model a user runs, held to the support checker.

Decides how a brief is written by an OpenAI-compatible chat endpoint (a
local model server): the model sees the story's strongest sentences with
article ids and its flagged claims, and must answer with JSON sentences that
each cite article ids. Every generated sentence is then checked against each
article it cites; a sentence that any cited article does not support, or
that cites nothing in the story, is dropped and reported in ``dropped``.
Nothing is sent anywhere unless the user passes ``--writer llm --llm-url``.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.brief.flags import flags_for
from newsfuse.brief.select import Weights, select
from newsfuse.claims.support import SupportThresholds, check_support
from newsfuse.errors import NewsfuseError
from newsfuse.index.embed import Embedder
from newsfuse.records import Article, Brief, BriefSentence, ClaimGroup, Provenance, Story

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.M)
SYSTEM_PROMPT = (
    "You write a short, neutral news brief from the sentences given. Use only facts stated in them. "
    "Every sentence you write must cite the ids of the articles whose sentences support it. "
    'Answer with JSON only: {"sentences": [{"text": "...", "citations": ["ARTICLE_ID", ...]}]}'
)


@dataclass(frozen=True)
class LlmSettings:
    url: str
    model: str = "local"
    api_key: str | None = None
    timeout: float = 120.0

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        return base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")


def llm_brief(
    story: Story,
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    claims: Sequence[ClaimGroup],
    graph: Provenance | None,
    embedder: Embedder,
    settings: LlmSettings,
    length: int,
) -> Brief:
    material = select(articles, vectors, claims, graph, length * 2, weights=Weights.for_model(embedder.name))
    lines = [f"[{c.article_id}] {c.text}" for c in material]
    flagged = [f"- {g.status}: {g.statement[:200]}" for g in claims if g.status != "corroborated"][:10]
    prompt = (
        f"Write at most {length} sentences about this story.\nSentences:\n"
        + "\n".join(lines)
        + ("\nClaims to treat with care:\n" + "\n".join(flagged) if flagged else "")
    )
    answer = _complete(settings, prompt)
    by_id = {a.id: a for a in articles}
    kept: list[BriefSentence] = []
    dropped: list[str] = []
    for item in _sentences(answer)[:length]:
        text, cited = item
        reason = _unsupported(text, cited, by_id, vectors, embedder)
        if reason:
            dropped.append(f"{text} — {reason}")
            continue
        kept.append(BriefSentence(text, tuple(cited), cited[0], (0, 0)))
    flags = tuple(flags_for(claims, kept, articles, graph))
    return Brief(story.story_id, tuple(kept), flags, writer="llm", dropped=tuple(dropped))


def _complete(settings: LlmSettings, prompt: str) -> str:
    body = json.dumps(
        {
            "model": settings.model,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}],
            "temperature": 0,
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    request = urllib.request.Request(settings.endpoint, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
        return str(payload["choices"][0]["message"]["content"])
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise NewsfuseError(
            f"the language model at {settings.endpoint} did not answer ({error}); "
            "start your local model server, or drop --writer llm for the extractive brief"
        ) from error
    except (KeyError, IndexError, ValueError) as error:
        raise NewsfuseError(
            f"the language model at {settings.endpoint} answered, but not in the OpenAI chat format ({error})"
        ) from error


def _sentences(answer: str) -> list[tuple[str, list[str]]]:
    """(text, citations) pairs from the model's JSON answer; an unreadable answer gives none."""
    try:
        data = json.loads(_FENCE.sub("", answer.strip()))
    except json.JSONDecodeError:
        return []
    items = data.get("sentences", []) if isinstance(data, dict) else []
    found = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            cited = [str(c) for c in item.get("citations", []) if isinstance(c, str)]
            found.append((item["text"].strip(), cited))
    return found


def _unsupported(
    text: str, cited: list[str], articles: dict[str, Article], vectors: dict[str, np.ndarray], embedder: Embedder
) -> str:
    """Why the sentence cannot stand (empty when every cited article supports it)."""
    if not cited:
        return "cites no article"
    unknown = [c for c in cited if c not in articles]
    if unknown:
        return f"cites articles not in the story: {', '.join(unknown)}"
    vector = embedder.embed([text])[0]
    limits = SupportThresholds.for_model(embedder.name)
    for article_id in cited:
        article = articles[article_id]
        if not check_support(text, vector, article.text, list(article.sentences), vectors[article_id], limits).supports:
            return f"not supported by {article_id}"
    return ""
