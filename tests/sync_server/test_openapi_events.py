"""/openapi.json types the push body's events, while a malformed event still fails alone."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from shared.events import EventType
from shared.payloads import PAYLOAD_MODELS


def components(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


def test_the_push_body_lists_one_typed_envelope_per_event_type_discriminated_by_type(client):
    schemas = components(client)
    items = schemas["PushRequest"]["properties"]["events"]["items"]
    mapping = items["discriminator"]["mapping"]
    assert items["discriminator"]["propertyName"] == "type"
    assert set(mapping) == {kind.value for kind in EventType}
    for kind, ref in mapping.items():
        envelope = schemas[ref.split("/")[-1]]
        assert envelope["properties"]["type"]["const"] == kind
        payload = envelope["properties"]["payload"]["$ref"].split("/")[-1]
        assert payload == PAYLOAD_MODELS[kind].__name__
        assert "payload" in envelope["required"]
        assert envelope["additionalProperties"] is False


def test_the_payload_schemas_carry_the_text_limits(client):
    reported = components(client)["HazardReported"]["properties"]
    assert reported["title"]["maxLength"] == 300
    assert reported["description"]["maxLength"] == 4000


def test_the_hazard_record_is_typed(client):
    document = client.get("/openapi.json").json()
    answer = document["paths"]["/v1/hazards/{hazard_id}"]["get"]["responses"]["200"]
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/HazardRecord")
