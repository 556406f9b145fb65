"""Briefs: extractive selection, citations, the LLM writer against a local fake server, reports."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from newsfuse.brief.extractive import extractive_brief
from newsfuse.brief.llm import LlmSettings, llm_brief
from newsfuse.claims.stage import claims_for_story
from newsfuse.claims.support import check_support
from newsfuse.errors import NewsfuseError
from newsfuse.index.embed import E5Embedder
from newsfuse.records import Provenance, Story
from newsfuse.report.html import render_html
from newsfuse.report.markdown import render_markdown
from newsfuse.report.view import StoryView
from tests.test_claims import COPY, OTHER, WIRE, _article

ARTICLES = [_article("wire", WIRE), _article("copy", COPY), _article("other", OTHER)]
STORY = Story("s1", tuple(a.id for a in ARTICLES), "Harbour expansion", None, None)
GRAPH = Provenance("s1", ("wire", "other"), 2, "wire", (), (("copy", "wire"),))


@pytest.fixture(scope="module")
def vectors() -> dict[str, np.ndarray]:
    embedder = E5Embedder()
    return {a.id: embedder.embed([a.text[s:e] for s, e in a.sentences]) for a in ARTICLES}


def test_extractive_brief_cites_every_supporting_article(vectors: dict[str, np.ndarray]) -> None:
    claims = claims_for_story(STORY, ARTICLES, vectors, GRAPH)
    brief = extractive_brief(STORY, ARTICLES, vectors, claims, GRAPH, E5Embedder(), length=3)
    assert 1 <= len(brief.sentences) <= 3
    embedder = E5Embedder()
    by_id = {a.id: a for a in ARTICLES}
    for sentence in brief.sentences:
        assert sentence.citations[0] == sentence.source_id
        vector = embedder.embed([sentence.text])[0]
        for article_id in sentence.citations:
            article = by_id[article_id]
            assert check_support(
                sentence.text, vector, article.text, list(article.sentences), vectors[article_id]
            ).supports
    first = next(s for s in brief.sentences if "310 million" in s.text)
    assert set(first.citations) >= {"wire", "copy"}
    assert any(f.status == "conflicting" for f in brief.flags)


class _FakeModel(BaseHTTPRequestHandler):
    answer = ""

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        request = json.loads(self.rfile.read(length))
        assert request["messages"][-1]["role"] == "user"
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": self.answer}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_model() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_llm_sentences_must_pass_the_support_check(fake_model: str, vectors: dict[str, np.ndarray]) -> None:
    _FakeModel.answer = (
        "```json\n"
        + json.dumps(
            {
                "sentences": [
                    {
                        "text": (
                            "The port authority of Lindholm approved a 310 million euro expansion"
                            " of the northern terminal."
                        ),
                        "citations": ["wire", "copy"],
                    },
                    {
                        "text": "The expansion was cancelled after protests by thousands of residents.",
                        "citations": ["wire"],
                    },
                    {"text": "Cargo volumes rose 12% last year.", "citations": []},
                ]
            }
        )
        + "\n```"
    )
    brief = llm_brief(STORY, ARTICLES, vectors, [], GRAPH, E5Embedder(), LlmSettings(fake_model), length=5)
    assert brief.writer == "llm"
    assert [s.text for s in brief.sentences] == [
        "The port authority of Lindholm approved a 310 million euro expansion of the northern terminal."
    ]  # the supported sentence only
    assert len(brief.dropped) == 2
    assert any("not supported by wire" in d for d in brief.dropped)
    assert any("cites no article" in d for d in brief.dropped)


def test_unreachable_model_gives_an_actionable_error(vectors: dict[str, np.ndarray]) -> None:
    with pytest.raises(NewsfuseError, match="did not answer"):
        llm_brief(STORY, ARTICLES, vectors, [], GRAPH, E5Embedder(), LlmSettings("http://127.0.0.1:9", timeout=2), 3)


def test_reports_escape_article_text_and_load_nothing(vectors: dict[str, np.ndarray]) -> None:
    hostile = _article(
        "evil",
        "The council met on Tuesday. <script>alert('x')</script> It approved the budget of 5 million euros.",
        title="Budget <img src=x onerror=alert(1)>",
        outlet='"><svg onload=alert(2)>',
    )
    view = StoryView(Story("s2", ("evil",), hostile.title, None, None), [hostile], [], None, [], None)
    page = render_html([view], "now")
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "Budget &lt;img src=x" in page  # shown, escaped
    assert "Content-Security-Policy" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    markdown = render_markdown([view], "now")
    assert "<img" not in markdown and "<script>" not in markdown
