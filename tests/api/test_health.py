from fastapi.testclient import TestClient


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_ready_reports_each_check(client: TestClient) -> None:
    body = client.get("/ready").json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["models"] in {"ok", "not loaded"}


def test_openapi_documents_every_endpoint_with_tags(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/v1/extract",
        "/v1/articles",
        "/v1/articles/{article_id}",
        "/v1/quotes",
        "/v1/people",
        "/v1/people/{person_id}",
        "/v1/people/{person_id}/quotes",
        "/v1/events",
        "/v1/events/{event_id}",
        "/v1/events/{event_id}/quotes",
    ):
        for operation in paths[path].values():
            assert operation["tags"], path
    examples = schema["components"]["schemas"]["ExtractRequest"]["examples"]
    assert examples[0]["text"]
