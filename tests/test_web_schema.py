"""Property-based API tests with schemathesis against the app's own OpenAPI schema (bounded)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from newsfuse.web.app import create_app
from tests.conftest import FIXTURES
from tests.web_helpers import LIGHT, light_store

_FOLDER = Path(tempfile.mkdtemp(prefix="newsfuse-schema-"))
_STORE = light_store(
    _FOLDER / "schema.duckdb", [str(FIXTURES / "harbour_page.txt"), str(FIXTURES / "harbour_page.html")]
)
APP = create_app(_STORE, "secret", max_body=200_000, settings=LIGHT)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


# The multipart upload is left to tests/test_web_api.py: Starlette accepts a
# plain form field where the schema says "binary file", which schemathesis's
# negative mode counts as a schema violation accepted.
@schema.exclude(path="/api/articles/upload").parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": "Bearer secret"})
