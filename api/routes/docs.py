"""Interactive API docs (Swagger UI at ``/docs``, ReDoc at ``/redoc``) that work offline.

FastAPI's default pages load Swagger UI and ReDoc from a CDN, so ``/docs`` stayed blank on
a machine without internet and leaked every visit to a third party. This follows FastAPI's
"Self-hosting JavaScript and CSS for docs" recipe: the pages reference only this origin,
and the assets come from the PyPI package ``fastapi-offline`` (its ``static/`` folder holds
``swagger-ui-bundle.js`` and ``swagger-ui.css`` byte for byte as the npm package
``swagger-ui-dist`` ships them, ReDoc's standalone bundle and a favicon). Swagger UI's
online validator badge, which would call validator.swagger.io, is switched off.

Example:
    >>> sorted(path.name for path in ASSETS_DIR.iterdir() if path.suffix in (".js", ".css"))
    ['redoc.standalone.js', 'swagger-ui-bundle.js', 'swagger-ui.css']
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))
ASSETS_URL = "/docs/assets"
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def install(app: FastAPI) -> None:
    """Serve ``/docs``, ``/redoc`` and their assets (under ``/docs/assets``) from ``app``.

    Create ``app`` with ``docs_url=None, redoc_url=None`` so FastAPI adds no CDN pages.
    """
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    app.include_router(_router(app))


def _router(app: FastAPI) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )

    @router.get("/redoc")
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )

    return router
