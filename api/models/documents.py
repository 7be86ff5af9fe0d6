"""Content-addressed documents: listing metadata, review text, and answers to reviews.

Input schemas are strict (no type coercion, no unknown or ``null`` fields), so the server
never changes what it hashes: it stores the canonical form of exactly what was sent
(:mod:`api.core.canonical`). Listing metadata uses uniform spec fields: every measured
value is in one base unit per dimension (grams, millimetres, bytes, ...), so two listings'
specs compare without conversion.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy import BigInteger, Text
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from api.models.common import HASH_LENGTH

SLUG = r"^[a-z][a-z0-9_]{0,39}$"
CATEGORY = r"^[a-z0-9-]{1,32}(/[a-z0-9-]{1,32}){0,3}$"
DECIMAL = r"^-?(0|[1-9][0-9]*)\.[0-9]*[1-9]$"  # canonical: a fraction, no trailing zero
IMAGE_URL = r"^(https://|ipfs://)[^\s]{1,490}$"


class Unit(StrEnum):
    """The one unit per dimension that spec values are written in."""

    gram = "g"
    millimetre = "mm"
    millilitre = "ml"
    byte = "B"
    hertz = "Hz"
    watt = "W"
    watt_hour = "Wh"
    milliamp_hour = "mAh"
    volt = "V"
    second = "s"
    pixel = "px"
    percent = "%"


class Condition(StrEnum):
    """The item's condition."""

    new = "new"
    like_new = "like_new"
    used = "used"
    refurbished = "refurbished"
    for_parts = "for_parts"


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class SpecValue(_Strict):
    """One spec: a number in ``unit``'s base unit, or a plain value without unit.

    Numbers are JSON integers, or decimal strings with a fractional part (``"7.45"``).
    """

    value: int | bool | Annotated[str, StringConstraints(min_length=1, max_length=100)]
    unit: Annotated[Unit, Field(strict=False)] | None = None

    @model_validator(mode="after")
    def _measured_is_number(self) -> SpecValue:
        if self.unit is None:
            return self
        if isinstance(self.value, bool):
            raise ValueError("a value with a unit must be a number, not true/false")
        if isinstance(self.value, str) and not re.fullmatch(DECIMAL, self.value):
            raise ValueError(
                f"{self.value!r} with unit {self.unit.value}: use an integer, or a "
                'decimal string with a fraction and no trailing zero such as "7.45"'
            )
        return self


class ListingMetadata(_Strict):
    """The metadata document a listing's ``metadataHash`` commits to."""

    kind: Literal["listing"]
    version: Literal[1]
    title: str = Field(min_length=1, max_length=140)
    description: str = Field(default="", max_length=5000)
    category: str = Field(pattern=CATEGORY)
    condition: Annotated[Condition, Field(strict=False)]
    brand: str | None = Field(default=None, min_length=1, max_length=64)
    model: str | None = Field(default=None, min_length=1, max_length=64)
    images: list[Annotated[str, StringConstraints(pattern=IMAGE_URL)]] = Field(
        default=[], max_length=10
    )
    specs: dict[Annotated[str, StringConstraints(pattern=SLUG)], SpecValue] = Field(
        default={}, max_length=50
    )

    def search_text(self) -> str:
        """What full-text search matches: title, brand, model, category, description."""
        parts = [self.title, self.brand, self.model, self.category.replace("/", " ")]
        return " ".join(part for part in [*parts, self.description] if part)


class ReviewText(_Strict):
    """The text a review's ``textHash`` commits to."""

    kind: Literal["review"]
    version: Literal[1]
    title: str | None = Field(default=None, min_length=1, max_length=140)
    text: str = Field(min_length=1, max_length=5000)


class ResponseText(_Strict):
    """The text a response to a review (``responseHash``) commits to."""

    kind: Literal["response"]
    version: Literal[1]
    text: str = Field(min_length=1, max_length=5000)


DocumentIn = Annotated[ListingMetadata | ReviewText | ResponseText, Field(discriminator="kind")]


class Document(SQLModel, table=True):
    """``documents``: canonical JSON by its keccak256; never changed once stored."""

    __tablename__ = "documents"

    hash: str = SQLField(primary_key=True, max_length=HASH_LENGTH)
    kind: str = SQLField(max_length=16, index=True)
    body: str = SQLField(sa_type=Text)
    size: int
    title: str | None = SQLField(default=None, max_length=140)
    search_text: str | None = SQLField(default=None, sa_type=Text)
    created_at: int = SQLField(sa_type=BigInteger)


class DocumentPublic(SQLModel):
    """Where a stored document lives: its hash is the key and what the chain commits."""

    hash: str
    kind: str
    size: int
    created_at: int
