"""Content-addressed documents: stored once under keccak256 of their canonical JSON."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api.core.canonical import content_hash
from api.errors import ResourceNotFoundError
from api.models.documents import Document, DocumentPublic, ListingMetadata, ResponseText, ReviewText


def store(
    session: Session,
    document: ListingMetadata | ReviewText | ResponseText,
    canonical: bytes,
    now: int,
) -> tuple[DocumentPublic, bool]:
    """Store ``canonical`` (the bytes of ``document``) under its hash.

    Returns:
        The stored document and whether it is new (storing it again changes nothing).
    """
    key = content_hash(canonical)
    existing = session.get(Document, key)
    if existing is not None:
        return DocumentPublic.model_validate(existing), False
    row = Document(
        hash=key,
        kind=document.kind,
        body=canonical.decode("utf-8"),
        size=len(canonical),
        title=document.title if isinstance(document, ListingMetadata | ReviewText) else None,
        search_text=document.search_text() if isinstance(document, ListingMetadata) else None,
        created_at=now,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # stored by a concurrent request in the meantime
        session.rollback()
        return DocumentPublic.model_validate(session.get(Document, key)), False
    return DocumentPublic.model_validate(row), True


def load(session: Session, key: str) -> Document:
    """The document stored under ``key``.

    Raises:
        ResourceNotFoundError: Nothing is stored under that hash.
    """
    row = session.get(Document, key)
    if row is None:
        raise ResourceNotFoundError(f"no document has hash {key}; POST it to /v1/documents first")
    return row
