"""Sealed shipping envelopes: the buyer uploads, the seller fetches (docs/api.md, "Shipping").

``PUT /v1/orders/{id}/shipping-envelope`` (and ``/v1/plans/{id}/…``) needs no sign-in: the
envelope is accepted only if it hashes to the ``shippingRef`` the deal committed on chain,
so only someone holding the exact sealed bytes can store it, and a buyer's checkout address
need not be linked to a session. Uploads count against the client IP's anonymous limit.
``GET`` answers only the deal's seller, signed in with Ethereum.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.crud import shipping
from api.deps import AnonymousWriter, SessionDep, Viewer, WriteSessionDep
from api.models.common import now
from api.models.shipping import ShippingEnvelopeCreate, ShippingEnvelopePublic
from api.routes.responses import Responses, errors

router = APIRouter(tags=["shipping"])

DealId = Annotated[int, Path(ge=0, le=2**256 - 1)]
UPLOAD: Responses = {
    200: {"model": ShippingEnvelopePublic, "description": "Already stored (same bytes)"},
    **errors(
        400,
        404,
        409,
        413,
        429,
        e400="Not hex, or not a version-1 envelope",
        e404="No such deal (yet: the indexer may be behind)",
        e409="The deal committed no shipping details, or the envelope does not hash to its "
        "shippingRef (code ShippingRefMismatchError)",
        e413="Larger than 16,445 bytes",
    ),
}
DOWNLOAD: Responses = errors(
    401,
    403,
    404,
    409,
    e403="Signed in, but not the deal's seller",
    e404="No such deal, or the buyer has not uploaded the envelope",
    e409="The deal committed no shipping details",
)
PRIVATE = {"Cache-Control": "private, no-store"}


def _upload(
    kind: shipping.ShippingDeal,
    deal_id: int,
    body: ShippingEnvelopeCreate,
    session: WriteSessionDep,
    response: Response,
) -> ShippingEnvelopePublic:
    envelope = shipping.parse_envelope(body.envelope)
    deal = shipping.commitment(session, kind, deal_id)
    stored, created = shipping.store(session, deal, envelope, now())
    if not created:
        response.status_code = status.HTTP_200_OK
    return stored


@router.put(
    "/orders/{order_id}/shipping-envelope",
    status_code=status.HTTP_201_CREATED,
    responses=UPLOAD,
)
def upload_order_envelope(
    order_id: DealId,
    body: ShippingEnvelopeCreate,
    _limit: AnonymousWriter,
    session: WriteSessionDep,
    response: Response,
) -> ShippingEnvelopePublic:
    """Store the sealed shipping envelope order ``order_id`` committed to (idempotent)."""
    return _upload("order", order_id, body, session, response)


@router.get("/orders/{order_id}/shipping-envelope", responses=DOWNLOAD)
def get_order_envelope(
    order_id: DealId, me: Viewer, session: SessionDep, response: Response
) -> ShippingEnvelopePublic:
    """The sealed shipping envelope of order ``order_id``, for its seller only."""
    response.headers.update(PRIVATE)
    deal = shipping.commitment(session, "order", order_id)
    return shipping.load_for_seller(session, deal, me)


@router.put(
    "/plans/{plan_id}/shipping-envelope",
    status_code=status.HTTP_201_CREATED,
    responses=UPLOAD,
)
def upload_plan_envelope(
    plan_id: DealId,
    body: ShippingEnvelopeCreate,
    _limit: AnonymousWriter,
    session: WriteSessionDep,
    response: Response,
) -> ShippingEnvelopePublic:
    """Store the sealed shipping envelope installment plan ``plan_id`` committed to."""
    return _upload("plan", plan_id, body, session, response)


@router.get("/plans/{plan_id}/shipping-envelope", responses=DOWNLOAD)
def get_plan_envelope(
    plan_id: DealId, me: Viewer, session: SessionDep, response: Response
) -> ShippingEnvelopePublic:
    """The sealed shipping envelope of installment plan ``plan_id``, for its seller only."""
    response.headers.update(PRIVATE)
    deal = shipping.commitment(session, "plan", plan_id)
    return shipping.load_for_seller(session, deal, me)
