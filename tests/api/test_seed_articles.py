"""The product promise on the two seed articles, through the HTTP API, on both backends.

Expectations come from the hand-annotated gold (tests/fixtures/seeds-gold.json).
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.extract.service import SharedExtractor
from app.main import app
from tests.conftest import FIXTURES, client_for, seed_text, wipe

GOLD: dict[str, Any] = json.loads((FIXTURES / "seeds-gold.json").read_text(encoding="utf-8"))
FILES = [article["file"] for article in GOLD["articles"]]


@pytest.fixture(scope="module")
def seeded(
    engine: Engine, session_factory: sessionmaker[Session], extractor: SharedExtractor
) -> Iterator[tuple[TestClient, list[dict[str, Any]]]]:
    wipe(engine)
    with client_for(session_factory) as client:
        stored = []
        for number, name in enumerate(FILES, start=1):
            response = client.post(
                "/v1/articles",
                json={
                    "text": seed_text(name),
                    "title": seed_text(name).splitlines()[0],
                    "url": f"https://news.example/{number}",
                    "outlet": f"Outlet {number}",
                    "published_at": f"2025-09-0{4 + number}T10:00:00Z",
                },
            )
            assert response.status_code == 201, response.text
            stored.append(response.json())
        yield client, stored
    app.dependency_overrides.clear()


def quotes_about(quotes: list[dict[str, Any]], content: str) -> list[dict[str, Any]]:
    """Stored quotes that hold ``content``, or lie inside it (a part of a split quote)."""
    return [q for q in quotes if content in q["text"] or (q["text"] and q["text"] in content)]


def all_quotes(client: TestClient, **params: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/v1/quotes", params={"limit": "100", **params}
    ).json()["items"]
    return items


@pytest.mark.parametrize("index", [0, 1])
def test_every_direct_quote_has_the_right_speaker(
    seeded: tuple[TestClient, list[dict[str, Any]]], index: int
) -> None:
    _, stored = seeded
    for gold in GOLD["articles"][index]["quotes"]:
        if gold["type"] != "direct":
            continue
        found = quotes_about(stored[index]["quotes"], gold["content"])
        assert found, f"not found: {gold['content']!r}"
        assert {q["speaker"]["name"] for q in found} == {gold["speaker"]}, gold["content"]


def test_what_did_putin_say(seeded: tuple[TestClient, list[dict[str, Any]]]) -> None:
    client, stored = seeded
    putin = all_quotes(client, speaker="putin")
    assert {q["article"]["id"] for q in putin} == {a["id"] for a in stored}
    others = [
        gold["content"]
        for article in GOLD["articles"]
        for gold in article["quotes"]
        if gold["speaker"] != "Vladimir Putin"
    ]
    for quote in putin:
        assert not any(content in quote["text"] for content in others), quote["text"]
    assert {q["id"] for q in all_quotes(client, speaker="President Putin")} == {
        q["id"] for q in putin
    }
    assert {q["id"] for q in all_quotes(client, speaker="PUTIN")} == {q["id"] for q in putin}


def test_putin_at_the_eastern_economic_forum(
    seeded: tuple[TestClient, list[dict[str, Any]]],
) -> None:
    client, _ = seeded
    there = all_quotes(client, speaker="Vladimir Putin", event="Eastern Economic Forum")
    assert any("If any troops appear there" in q["text"] for q in there)
    assert all(q["speaker"]["name"] == "Vladimir Putin" for q in there)
    assert all(q["article"]["url"] for q in there)


def test_share_buttons_and_headline_are_not_quotes(
    seeded: tuple[TestClient, list[dict[str, Any]]],
) -> None:
    _, stored = seeded
    texts = [q["text"] for article in stored for q in article["quotes"]]
    assert not [t for t in texts if "share" in t.lower()]
    headline_end = len(seed_text(FILES[0]).splitlines()[0])
    for quote in stored[0]["quotes"]:
        assert all(start >= headline_end for start, _ in quote["spans"]), quote["text"]


def test_offsets_point_into_the_text(seeded: tuple[TestClient, list[dict[str, Any]]]) -> None:
    _, stored = seeded
    for article in stored:
        for quote in article["quotes"]:
            for start, end in quote["spans"]:
                assert 0 <= start < end <= len(article["text"])
            mention = quote["speaker"]["mention"]
            if mention:
                assert article["text"][mention["start"] : mention["end"]] == mention["text"]


def test_posting_again_stores_once(seeded: tuple[TestClient, list[dict[str, Any]]]) -> None:
    client, stored = seeded
    again = client.post("/v1/articles", json={"text": seed_text(FILES[0])})
    assert again.status_code == 200
    assert again.json()["id"] == stored[0]["id"]
    by_url = client.post(
        "/v1/articles", json={"text": "Different text.", "url": "https://news.example/2"}
    )
    assert by_url.json()["id"] == stored[1]["id"]
    assert len(client.get("/v1/articles").json()["items"]) == 2


def test_people_by_alias_and_misspelling(seeded: tuple[TestClient, list[dict[str, Any]]]) -> None:
    client, _ = seeded
    for query in ("puttin", "Putin", "vladimir putin"):
        people = client.get("/v1/people", params={"q": query}).json()["items"]
        assert people and people[0]["name"] == "Vladimir Putin", query
    person = client.get(f"/v1/people/{people[0]['id']}").json()
    assert "Russian President" in person["roles"]
    assert person["quote_count"] >= 5
    quotes = client.get(f"/v1/people/{person['id']}/quotes").json()["items"]
    assert quotes and all(q["speaker"]["person_id"] == person["id"] for q in quotes)


def test_full_text_and_events(seeded: tuple[TestClient, list[dict[str, Any]]]) -> None:
    client, _ = seeded
    hits = all_quotes(client, q="legitimate targets")
    assert hits and all("legitimate" in q["text"].lower() for q in hits)
    events = client.get("/v1/events").json()["items"]
    names = {e["name"] for e in events}
    assert any("Eastern Economic Forum" in name for name in names)
    forum = next(e for e in events if "Eastern Economic Forum" in e["name"])
    assert client.get(f"/v1/events/{forum['id']}/quotes").json()["items"]


def test_extract_does_not_store(seeded: tuple[TestClient, list[dict[str, Any]]]) -> None:
    client, _ = seeded
    text = "“We will not retreat,” said Olaf Scholz. The weather was fine."
    body = client.post("/v1/extract", json={"text": text}).json()
    assert body["quotes"][0]["speaker"]["name"] == "Olaf Scholz"
    assert body["quotes"][0]["type"] == "direct"
    assert not client.get("/v1/people", params={"q": "Scholz"}).json()["items"]
