"""The seller's answer to a question on one of its listings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from api.crud import social
from api.deps import SignedInWriter, WriteSessionDep
from api.models.common import MAX_DB_INT, now
from api.models.social import AnswerPublic, CommentBase
from api.routes.responses import WRITE, errors

router = APIRouter(prefix="/comments", tags=["listings"])


@router.post(
    "/{comment_id}/answer",
    status_code=status.HTTP_201_CREATED,
    responses={**WRITE, **errors(400, 403, 404, 409)},
)
def answer_question(
    comment_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)],
    text: CommentBase,
    me: SignedInWriter,
    session: WriteSessionDep,
) -> AnswerPublic:
    """Answer a question on your listing (once per question; sellers only)."""
    return social.answer(session, me, comment_id, text, now())
