"""The one HTTP client of the Bazaar API, used by the ``bazaar`` commands and the demo.

It reads, stores content-addressed documents and sealed shipping envelopes, and makes the
social writes the demo seeds (profiles, follows, likes, comments, answers).

Writes (documents, answers to questions) need a session: :meth:`BazaarApi.sign_in` asks the
API for a nonce, builds the EIP-4361 message it describes (domain, URI, chain id,
statement) with :mod:`wallet.siwe`, signs it locally and trades it for a bearer token. The
key never leaves the process; only the signature is sent.

Every failure is an :class:`~core.errors.ApiError` whose message says what to do: an
unreachable server, or the API's own ``detail`` for a refusal.

Example:
    >>> api = BazaarApi("http://127.0.0.1:8000")  # doctest: +SKIP
    >>> api.upload_document(metadata, seller_account)["hash"]  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

import httpx
from eth_account.signers.local import LocalAccount

from core.errors import ApiError
from wallet.siwe import build_siwe_message, sign_siwe_message

TIMEOUT = 30.0
SIGN_IN_LIFETIME = timedelta(minutes=10)
INDEXER_POLL = 1.0
ShippingDeal = Literal["order", "plan"]


class ApiNotFoundError(ApiError):
    """The API answered 404: the thing asked for does not exist (yet)."""


class BazaarApi:
    """A client of one Bazaar API server, with one session per signed-in address."""

    def __init__(self, base_url: str, *, timeout: float = TIMEOUT) -> None:
        """Talk to the API at ``base_url`` (``http://127.0.0.1:8000``)."""
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)
        self._tokens: dict[str, str] = {}

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        account: LocalAccount | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request, with ``token`` or signed in as ``account`` if given; map
        transport failures and refusals to :class:`ApiError`.

        Raises:
            ApiNotFoundError: 404.
            ApiError: The server is unreachable or answered another 4xx/5xx.
        """
        if account is not None:
            token = self.sign_in(account)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise ApiError(
                f"cannot reach the API at {self.base_url} ({type(exc).__name__}: {exc}); "
                "start it with `bazaar api` or pass --api"
            ) from exc
        if response.status_code >= 400:
            detail = _detail(response)
            message = f"the API refused {method} {path}: {response.status_code} {detail}"
            if response.status_code == 404:
                raise ApiNotFoundError(message)
            raise ApiError(message)
        return response

    def get(self, path: str, **params: Any) -> Any:
        """``GET path`` and its JSON body."""
        return self.request("GET", path, params=params or None).json()

    def sign_in(self, account: LocalAccount) -> str:
        """Sign in as ``account`` with EIP-4361 (once per client); the bearer token."""
        if account.address in self._tokens:
            return self._tokens[account.address]
        nonce = self.request("POST", "/v1/auth/nonce").json()
        try:
            message = build_siwe_message(
                domain=nonce["domain"],
                address=account.address,
                uri=nonce["uri"],
                chain_id=int(nonce["chain_id"]),
                statement=nonce.get("statement") or None,
                nonce=nonce["nonce"],
                scheme=str(nonce["uri"]).split(":", 1)[0].lower(),
                expires_in=SIGN_IN_LIFETIME,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ApiError(f"the API's sign-in nonce is malformed ({exc}); is it Bazaar?") from exc
        signature = sign_siwe_message(account, message)
        session = self.request(
            "POST",
            "/v1/auth/verify",
            json={"message": message.to_text(), "signature": signature},
        ).json()
        token = str(session["token"])
        self._tokens[account.address] = token
        return token

    def post(self, path: str, body: Any, account: LocalAccount) -> Any:
        """``POST`` JSON as ``account`` (signed in first); the JSON answer."""
        token = self.sign_in(account)
        return self.request("POST", path, json=body, token=token).json()

    def upload_document(self, document: Any, account: LocalAccount) -> dict[str, Any]:
        """Store a content-addressed document; the answer carries its ``hash``."""
        stored: dict[str, Any] = self.post("/v1/documents", document, account)
        return stored

    def upload_shipping_envelope(
        self, kind: ShippingDeal, deal_id: int, envelope: bytes, *, wait: float = 0.0
    ) -> dict[str, Any]:
        """Store a sealed envelope for the seller of order or plan ``deal_id`` (no sign-in).

        Args:
            wait: Seconds to keep retrying while the API does not know the deal yet (the
                indexer may be a few blocks behind a purchase just made).

        Raises:
            ApiNotFoundError: The deal is still unknown after ``wait`` seconds.
            ApiError: Refused (hash mismatch, no shipping details) or unreachable.
        """
        path = f"/v1/{kind}s/{deal_id}/shipping-envelope"
        body = {"envelope": "0x" + envelope.hex()}
        deadline = time.monotonic() + wait
        while True:
            try:
                stored: dict[str, Any] = self.request("PUT", path, json=body).json()
                return stored
            except ApiNotFoundError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(INDEXER_POLL)

    def shipping_envelope(self, kind: ShippingDeal, deal_id: int, seller: LocalAccount) -> bytes:
        """The sealed envelope of order or plan ``deal_id``, fetched as its ``seller``.

        Raises:
            ApiNotFoundError: No such deal, or the buyer has not uploaded the envelope.
            ApiError: Not this deal's seller, or unreachable.
        """
        token = self.sign_in(seller)
        path = f"/v1/{kind}s/{deal_id}/shipping-envelope"
        body = self.request("GET", path, token=token).json()
        try:
            return bytes.fromhex(str(body["envelope"]).removeprefix("0x"))
        except (KeyError, ValueError) as exc:
            raise ApiError(f"the API's answer to GET {path} holds no envelope") from exc

    # ------------------------------------------------------------------ social writes

    def upload(self, account: LocalAccount, document: dict[str, Any]) -> str:
        """Store a document as ``account``; its hash, the value the chain commits."""
        return str(self.upload_document(document, account)["hash"])

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

    # ------------------------------------------------------------------ reads and health

    def feed(self, limit: int = 100, **params: Any) -> dict[str, Any]:
        """A page of the global feed."""
        body: dict[str, Any] = self.get("/v1/feed", limit=limit, **params)
        return body

    def health(self) -> dict[str, Any]:
        """``/health`` as JSON, whatever its status (503 while the indexer lags).

        Raises:
            ApiError: The API is unreachable.
        """
        try:
            response = self._http.get("/health")
        except httpx.HTTPError as exc:
            raise ApiError(f"GET {self.base_url}/health failed: {exc}") from exc
        body: dict[str, Any] = response.json()
        return body

    def wait_until_up(self, timeout: float, alive: Callable[[], bool] | None = None) -> None:
        """Wait until the API answers ``/health``; ``alive()`` false aborts early.

        Raises:
            ApiError: It did not answer within ``timeout`` seconds, or its process died.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if alive is not None and not alive():
                raise ApiError("the API process exited before answering")
            try:
                self._http.get("/health", timeout=1.0)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise ApiError(f"the API at {self.base_url} did not answer within {timeout:.0f}s")


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict) and "detail" in body:
        detail = body["detail"]
        return detail if isinstance(detail, str) else str(detail)[:500]
    return str(body)[:200]
