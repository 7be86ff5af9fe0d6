"""The storefront's listing form (web/src/features/seller/listingForm.ts) against the API's
metadata schema: every document the form builds from the shared vector is accepted as it is,
and every case the form refuses is refused by the API too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from api.models.documents import DocumentIn

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "listing-metadata-v1.json").read_text()
)
DOCUMENT = TypeAdapter[Any](DocumentIn)
CASES = VECTORS["cases"]


@pytest.mark.parametrize("case", [c for c in CASES if "document" in c], ids=lambda c: c["name"])
def test_the_api_accepts_what_the_form_builds(case: dict[str, Any]) -> None:
    checked = DOCUMENT.validate_json(json.dumps(case["document"]))
    assert checked.model_dump(exclude_defaults=True, mode="json") == {
        key: value for key, value in case["document"].items() if value != ""
    }


@pytest.mark.parametrize("case", [c for c in CASES if "invalid" in c], ids=lambda c: c["name"])
def test_the_api_refuses_what_the_form_refuses(case: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        DOCUMENT.validate_json(json.dumps({**VECTORS["minimal"], **case["invalid"]}))
