"""The ``/v1`` router: one module per resource."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.core.metrics import API_PREFIX
from api.core.query import document_unknown_query, refuse_unknown_query
from api.routes import (
    auth,
    comments,
    credits,
    documents,
    feed,
    follows,
    listings,
    orders,
    plans,
    profiles,
    rentals,
    reports,
    reviews,
    sellers,
    shipping,
    stream,
)

MODULES = (
    feed,
    stream,
    listings,
    comments,
    orders,
    shipping,
    rentals,
    plans,
    reviews,
    sellers,
    credits,
    profiles,
    follows,
    reports,
    documents,
    auth,
)

# Every route refuses query parameters it does not declare (api/core/query.py).
v1 = APIRouter(prefix=API_PREFIX, dependencies=[Depends(refuse_unknown_query)])
for module in MODULES:
    document_unknown_query(module.router)
    v1.include_router(module.router)
