"""Refuse query parameters a route does not declare, instead of silently ignoring them.

A client that sends ``/v1/listings?category=shoes`` expects a filtered list; answering the
unfiltered one with 200 hides its mistake. :func:`refuse_unknown_query` is a router-level
dependency of the API's routers: on ``GET`` and ``HEAD`` it compares the request's query
keys with the query parameters the matched route declares (its own and those of every
sub-dependency, by alias) and answers 422 :class:`~api.errors.UnknownQueryParameterError`
naming the unknown ones and the accepted ones.

Example:
    >>> from fastapi import FastAPI, Query
    >>> from typing import Annotated
    >>> app = FastAPI()
    >>> @app.get("/items")
    ... def items(limit: int = 10, kind: Annotated[str | None, Query(alias="k")] = None): ...
    >>> sorted(declared_query(app.routes[-1]))
    ['k', 'limit']
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import BaseRoute

from api.errors import UnknownQueryParameterError

CHECKED_METHODS = frozenset({"GET", "HEAD"})
# A checked route's 422: FastAPI's validation error, or ours for an unknown parameter.
UNKNOWN_QUERY_RESPONSE: dict[str, Any] = {
    "description": "Validation error, or a query parameter the route does not take",
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    {"$ref": "#/components/schemas/HTTPValidationError"},
                    {"$ref": "#/components/schemas/ErrorPublic"},
                ]
            }
        }
    },
}
_CACHE_ATTRIBUTE = "_declared_query"  # routes are unhashable: the answer is kept on the route


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The Pydantic model of a ``Query()`` model parameter (``Model`` or ``Model | None``)."""
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _query_names(dependant: Dependant) -> set[str]:
    names: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        for field in current.query_params:
            model = _model_of(field.field_info.annotation)
            if model is None:
                names.add(field.alias)
            else:  # a query-parameter model: each of its fields is a parameter
                names.update(info.alias or name for name, info in model.model_fields.items())
        pending.extend(current.dependencies)
    return names


def declared_query(route: BaseRoute) -> frozenset[str]:
    """The query parameter names ``route`` accepts (cached per route)."""
    found: frozenset[str] | None = getattr(route, _CACHE_ATTRIBUTE, None)
    if found is None:
        names = _query_names(route.dependant) if isinstance(route, APIRoute) else set()
        found = frozenset(names)
        setattr(route, _CACHE_ATTRIBUTE, found)
    return found


async def refuse_unknown_query(request: Request) -> None:
    """Router dependency: a ``GET`` with a query key the route does not declare is a 422.

    Raises:
        UnknownQueryParameterError: Names the unknown keys and every accepted one.
    """
    if request.method not in CHECKED_METHODS or not request.query_params:
        return
    route = request.scope.get("route")
    if route is None:
        return
    accepted = declared_query(route)
    unknown = sorted(set(request.query_params.keys()) - accepted)
    if unknown:
        raise UnknownQueryParameterError(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; this route accepts "
            + (", ".join(sorted(accepted)) if accepted else "no query parameters")
        )


def document_unknown_query(router: APIRouter) -> None:
    """Declare in OpenAPI the 422 :func:`refuse_unknown_query` answers, on every ``GET``
    route of ``router`` (call it before the router is included anywhere)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and (route.methods or set()) & CHECKED_METHODS:
            route.responses.setdefault(422, UNKNOWN_QUERY_RESPONSE)
