"""The HTTP API and pages: reads, token-protected writes, limits, escaping, concurrency."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from newsfuse.records import Passage
from newsfuse.store import open_store
from newsfuse.web.app import create_app
from newsfuse.web.pages import paired_passages
from tests.conftest import FIXTURES
from tests.synthetic import article_text
from tests.web_helpers import LIGHT, light_store, running_server

AUTH = {"Authorization": "Bearer secret"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    return light_store(folder / "web.duckdb", [str(FIXTURES / "harbour_page.txt"), str(FIXTURES / "harbour_page.html")])


@pytest.fixture
def client(store_path: str, tmp_path: Path) -> Iterator[TestClient]:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(Path(store_path).read_bytes())
    app = create_app(str(copy), "secret", max_body=200_000, settings=LIGHT)
    with TestClient(app) as test_client:
        yield test_client
    app.state.access.close()


def test_reads(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    assert stories and {"story_id", "title", "size", "independent_sources", "conflicts"} <= set(stories[0])
    story_id = stories[0]["story_id"]
    detail = client.get(f"/api/stories/{story_id}").json()
    assert detail["article_ids"] and detail["articles"][0]["story_id"] == story_id
    assert client.get(f"/api/stories/{story_id}/relations").status_code == 200
    assert client.get(f"/api/stories/{story_id}/claims?status=conflicting").status_code == 200
    assert client.get("/api/stories/nope").status_code == 404
    article_id = detail["article_ids"][0]
    assert client.get(f"/api/articles/{article_id}").json()["id"] == article_id
    assert client.get("/api/stories?sort=bogus").status_code == 422
    assert client.get("/openapi.json").json()["info"]["title"] == "newsfuse"


def test_pages_render(client: TestClient) -> None:
    story_id = client.get("/api/stories").json()[0]["story_id"]
    for path in ("/", "/?sort=newest&q=harbour", f"/stories/{story_id}"):
        response = client.get(path)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        assert "default-src 'self'" in response.headers["content-security-policy"]


def test_story_page_says_when_a_status_has_no_claims(client: TestClient) -> None:
    story_id = client.get("/api/stories").json()[0]["story_id"]
    claims = client.get(f"/api/stories/{story_id}/claims").json()
    shown = {c["status"] for c in claims}
    absent = next(s for s in ("conflicting", "attribution-dropped", "altered") if s not in shown)
    filtered = client.get(f"/stories/{story_id}?status={absent}").text
    assert f"No {absent} claims in this story" in filtered
    assert ('id="no-claims"' in client.get(f"/stories/{story_id}").text) == (not claims)


def test_compare_marks_only_passages_it_can_show_in_both_panes() -> None:
    around = Passage((100, 300), (0, 180), "paraphrase", 0.8)
    inside = Passage((120, 140), (10, 30), "verbatim", 1.0)  # within the paraphrase on both sides
    same_target = Passage((500, 520), (5, 25), "near", 0.9)  # its source is free, its target is not
    apart = Passage((400, 430), (200, 230), "verbatim", 1.0)
    kept = paired_passages([inside, around, same_target, apart])
    assert [number for number, _ in kept] == [2, 4]  # the relation's own numbering, in order
    assert [p for _, p in kept] == [around, apart]


def test_writes_need_the_token(client: TestClient) -> None:
    body = {"id": "n1", "text": article_text(1)}
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 200
    [outcome] = response.json()
    assert outcome["status"] == "stored" and outcome["story_id"]
    again = client.post("/api/articles", json=[body], headers=AUTH).json()
    assert again[0]["status"] == "duplicate" and again[0]["article_id"] == outcome["article_id"]


def test_read_only_without_a_configured_token(store_path: str) -> None:
    with TestClient(create_app(store_path, None, settings=LIGHT)) as client:
        response = client.post("/api/articles", json={"text": article_text(2)}, headers=AUTH)
    assert response.status_code == 403 and "NEWSFUSE_TOKEN" in response.json()["detail"]


def test_size_limit_and_bad_records(client: TestClient) -> None:
    big = {"text": "word " * 60_000}
    assert client.post("/api/articles", json=big, headers=AUTH).status_code == 413
    outcomes = client.post("/api/articles", json=[{"text": "too short"}], headers=AUTH)
    assert outcomes.status_code == 200 and outcomes.json()[0]["status"] == "rejected"  # data: a reason per record


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"id": "x"}, "the article"),
        ({"id": "x", "text": ""}, "the article"),
        ({"id": "x", "text": "   ", "html": ""}, "the article"),
        ([{"text": "A council met on Monday to approve the new harbour budget."}, {"id": "y"}], "article 2"),
    ],
)
def test_an_article_without_text_is_a_client_error(client: TestClient, body: object, where: str) -> None:
    stored = len(client.get("/api/articles", params={"limit": 500}).json())
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{where}: 'text' (or 'html') is missing or empty")
    assert len(client.get("/api/articles", params={"limit": 500}).json()) == stored  # the whole request refused


def test_file_upload(client: TestClient, tmp_path: Path) -> None:
    feed = "".join(json.dumps({"id": f"u{i}", "text": article_text(100 + i)}) + "\n" for i in range(3))
    response = client.post("/api/articles/upload", files={"file": ("feed.jsonl", feed)}, headers=AUTH)
    assert response.status_code == 200
    assert [o["input"] for o in response.json()] == [
        "upload:feed.jsonl#1",
        "upload:feed.jsonl#2",
        "upload:feed.jsonl#3",
    ]
    guessed = client.post("/api/articles/upload", files={"file": ("notes", article_text(200))}, headers=AUTH)
    assert guessed.status_code == 200 and guessed.json()[0]["input"] == "upload:notes.txt"
    binary = client.post("/api/articles/upload", files={"file": ("run.exe", b"MZ\x00\x00binary")}, headers=AUTH)
    assert binary.status_code == 200 and binary.json()[0]["status"] == "rejected"


def test_injected_markup_is_never_rendered(client: TestClient) -> None:
    hostile = {
        "id": "<b>id</b>",
        "title": "Title <script>alert('t')</script>",
        "outlet": '"><img src=x onerror=alert(1)>',
        "text": "Officials said on Monday <script>alert('x')</script> that the bridge would reopen next week "
        "after repairs to its deck were finished ahead of schedule.",
    }
    [outcome] = client.post("/api/articles", json=hostile, headers=AUTH).json()
    assert outcome["status"] == "stored"
    client.app.state.access.wait_for_refresh()  # type: ignore[attr-defined]
    for path in (f"/articles/{outcome['article_id']}", f"/stories/{outcome['story_id']}", "/"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page or path == "/"


def test_concurrent_writers_and_readers_lose_nothing(store_path: str, tmp_path: Path) -> None:
    copy = tmp_path / "concurrent.duckdb"
    copy.write_bytes(Path(store_path).read_bytes())
    with open_store(str(copy)) as store:
        before = store.describe()["articles"]
    errors: list[str] = []
    with running_server(str(copy), settings=LIGHT) as base:

        def writer(worker: int) -> None:
            with httpx.Client(base_url=base, timeout=120) as http:
                for i in range(4):
                    body = {"id": f"w{worker}-{i}", "text": article_text(1000 + worker * 10 + i)}
                    response = http.post("/api/articles", json=body, headers=AUTH)
                    if response.status_code != 200 or response.json()[0]["status"] != "stored":
                        errors.append(f"write {worker}/{i}: {response.status_code} {response.text[:200]}")

        def reader() -> None:
            with httpx.Client(base_url=base, timeout=120) as http:
                for _ in range(8):
                    for path in ("/api/stories", "/"):
                        if http.get(path).status_code != 200:
                            errors.append(f"read {path}")

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(5)]
        threads += [threading.Thread(target=reader) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors
    with open_store(str(copy), read_only=True) as store:
        ids = [a.id for a in store.iter_articles()]
        assigned = store.story_assignments()
    assert len(ids) == len(set(ids)) == before + 20
    assert all(article_id in assigned for article_id in ids)
