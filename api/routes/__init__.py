"""The ``/v1`` router: one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from api.core.metrics import API_PREFIX
from api.routes import auth, documents, feed, follows, profiles, stream

v1 = APIRouter(prefix=API_PREFIX)
for module in (feed, stream, auth, documents, follows, profiles):
    v1.include_router(module.router)
