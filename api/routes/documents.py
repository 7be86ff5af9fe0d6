"""Content-addressed documents: listing metadata, review text and responses to reviews.

``POST`` stores the canonical JSON (api/core/canonical.py) and answers with its keccak256,
the value to commit on chain as ``metadataHash``, ``textHash`` or ``responseHash``. ``GET``
returns the canonical bytes exactly, so anyone can hash them and compare with the chain.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response, status
from pydantic import TypeAdapter, ValidationError

from api.core.canonical import canonical_json, parse_document
from api.crud import documents
from api.deps import SessionDep, SettingsDep, SignedInWriter, WriteSessionDep
from api.errors import InvalidRequestError, PayloadTooLargeError
from api.models.common import Hash32, now
from api.models.documents import DocumentIn, DocumentPublic
from api.routes.responses import errors

router = APIRouter(prefix="/documents", tags=["documents"])
_DOCUMENT = TypeAdapter[Any](DocumentIn)


async def canonical_body(request: Request, settings: SettingsDep) -> bytes:
    """The request body as canonical JSON bytes.

    Raises:
        PayloadTooLargeError: The body is larger than ``max_document_bytes``.
        InvalidRequestError: Floats, duplicate keys, or not JSON.
    """
    raw = await request.body()
    if len(raw) > settings.max_document_bytes:
        raise PayloadTooLargeError(f"documents are at most {settings.max_document_bytes} bytes")
    canonical = canonical_json(parse_document(raw))
    if len(canonical) > settings.max_document_bytes:
        raise PayloadTooLargeError(f"documents are at most {settings.max_document_bytes} bytes")
    return canonical


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": DocumentPublic, "description": "Already stored under this hash"},
        **errors(400, 401, 413, 429, e400="Floats, duplicate or non-ASCII keys"),
    },
)
def create_document(
    document: Annotated[DocumentIn, Body()],
    canonical: Annotated[bytes, Depends(canonical_body)],
    _me: SignedInWriter,
    session: WriteSessionDep,
    response: Response,
) -> DocumentPublic:
    """Store a document; the answer's ``hash`` is what the chain must commit.

    Who uploaded a document is not recorded: a buyer's review text does not reveal them.
    """
    try:
        checked = _DOCUMENT.validate_json(canonical)
    except ValidationError as exc:  # unreachable unless FastAPI and pydantic disagree
        raise InvalidRequestError(f"the document does not match its schema: {exc}") from exc
    stored, created = documents.store(session, checked, canonical, now())
    if not created:
        response.status_code = status.HTTP_200_OK
    return stored


@router.get(
    "/{hash}",
    response_model=DocumentIn,
    responses=errors(404, e404="Nothing is stored under this hash"),
)
def get_document(hash: Hash32, session: SessionDep) -> Response:
    """The canonical bytes stored under ``hash``; ``keccak256(body) == hash``."""
    row = documents.load(session, hash)
    return Response(
        content=row.body.encode("utf-8"),
        media_type="application/json",
        headers={"ETag": f'"{row.hash}"', "Cache-Control": "public, max-age=31536000, immutable"},
    )
