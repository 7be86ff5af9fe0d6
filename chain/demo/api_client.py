"""A small HTTP client of the Bazaar API for the demo: sign-in, documents, social writes.

Every write signs in with Sign-In with Ethereum first (``wallet.siwe``): the API hands out
a nonce with the exact domain, URI and chain id to sign, the account signs the EIP-4361
message, and the bearer token it gets back authorises the writes.

Example:
    >>> api = DemoApi("http://127.0.0.1:8000")  # doctest: +SKIP
    >>> metadata_hash = api.upload(seller, {"kind": "listing", ...})  # doctest: +SKIP
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from eth_account.signers.local import LocalAccount

from chain.errors import ApiError
from wallet.siwe import build_siwe_message, sign_siwe_message


class DemoApiError(ApiError):
    """The API refused a demo request or did not answer."""


class DemoApi:
    """The API at ``base_url``, with one session per signed-in account."""

    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        """Connect lazily to ``base_url`` (``http://host:port``)."""
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout)
        self._tokens: dict[str, str] = {}

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def request(
        self, method: str, path: str, *, account: LocalAccount | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send a request (signed in as ``account`` if given); 4xx/5xx raise.

        Raises:
            DemoApiError: The API is unreachable or answered with an error status.
        """
        headers = dict(kwargs.pop("headers", {}))
        if account is not None:
            headers["Authorization"] = f"Bearer {self.sign_in(account)}"
        try:
            response = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise DemoApiError(f"{method} {self.base_url}{path} failed: {exc}") from exc
        if response.status_code >= 400:
            raise DemoApiError(
                f"{method} {path} answered {response.status_code}: {response.text[:300]}"
            )
        return response

    def sign_in(self, account: LocalAccount) -> str:
        """A bearer token for ``account``, signing in with SIWE the first time."""
        token = self._tokens.get(account.address)
        if token is not None:
            return token
        nonce = self.request("POST", "/v1/auth/nonce").json()
        message = build_siwe_message(
            domain=nonce["domain"],
            address=account.address,
            uri=nonce["uri"],
            chain_id=nonce["chain_id"],
            statement=nonce.get("statement"),
            nonce=nonce["nonce"],
            scheme=str(nonce["uri"]).split(":", 1)[0],
        )
        body = {"message": message.to_text(), "signature": sign_siwe_message(account, message)}
        token = str(self.request("POST", "/v1/auth/verify", json=body).json()["token"])
        self._tokens[account.address] = token
        return token

    # ------------------------------------------------------------------ writes

    def upload(self, account: LocalAccount, document: dict[str, Any]) -> str:
        """Store a document; returns its hash, the value the chain commits."""
        response = self.request("POST", "/v1/documents", account=account, json=document)
        return str(response.json()["hash"])

    def save_profile(self, account: LocalAccount, **fields: Any) -> None:
        """Create or change ``account``'s profile (display_name, bio, avatar_url, public)."""
        self.request("PATCH", "/v1/profiles/me", account=account, json=fields)

    def follow(self, account: LocalAccount, address: str) -> None:
        """``account`` follows ``address``."""
        self.request("PUT", f"/v1/follows/{address}", account=account)

    def like(self, account: LocalAccount, listing_id: int) -> None:
        """``account`` likes listing ``listing_id``."""
        self.request("PUT", f"/v1/listings/{listing_id}/like", account=account)

    def comment(self, account: LocalAccount, listing_id: int, body: str, kind: str) -> int:
        """Post a comment or question on a listing; returns its id."""
        response = self.request(
            "POST",
            f"/v1/listings/{listing_id}/comments",
            account=account,
            json={"body": body, "kind": kind},
        )
        return int(response.json()["id"])

    def answer(self, account: LocalAccount, comment_id: int, body: str) -> None:
        """The seller answers question ``comment_id``."""
        self.request(
            "POST", f"/v1/comments/{comment_id}/answer", account=account, json={"body": body}
        )

    def share_purchase(self, account: LocalAccount, order_id: int) -> None:
        """Show one of ``account``'s purchases on its public profile."""
        self.request("PUT", f"/v1/profiles/me/purchases/{order_id}", account=account)

    # ------------------------------------------------------------------ reads

    def feed(self, limit: int = 100, **params: Any) -> dict[str, Any]:
        """A page of the global feed."""
        response = self.request("GET", "/v1/feed", params={"limit": limit, **params})
        body: dict[str, Any] = response.json()
        return body

    def health(self) -> dict[str, Any]:
        """``/health`` as JSON, whatever its status (503 while the indexer lags)."""
        try:
            response = self.http.get("/health")
        except httpx.HTTPError as exc:
            raise DemoApiError(f"GET {self.base_url}/health failed: {exc}") from exc
        body: dict[str, Any] = response.json()
        return body

    def wait_until_up(self, timeout: float, alive: Any = None) -> None:
        """Wait until the API answers ``/health``; ``alive()`` false aborts early.

        Raises:
            DemoApiError: It did not answer within ``timeout`` seconds, or died.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if alive is not None and not alive():
                raise DemoApiError("the API process exited before answering")
            try:
                self.http.get("/health", timeout=1.0)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise DemoApiError(f"the API at {self.base_url} did not answer within {timeout:.0f}s")
