"""The Bazaar API from a terminal: reads, content-addressed documents, SIWE sign-in.

Writes (documents, answers to questions) need a session: :meth:`BazaarApi.sign_in` asks the
API for a nonce, builds the EIP-4361 message it describes (domain, URI, chain id,
statement) with :mod:`wallet.siwe`, signs it locally and trades it for a bearer token. The
key never leaves the process; only the signature is sent.

Every failure is an :class:`~chain.errors.ApiError` whose message says what to do: an
unreachable server, or the API's own ``detail`` for a refusal.

Example:
    >>> api = BazaarApi("http://127.0.0.1:8000")  # doctest: +SKIP
    >>> api.upload_document(metadata, seller_account)["hash"]  # doctest: +SKIP
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any, Literal

import httpx
from eth_account.signers.local import LocalAccount

from chain.errors import ApiError
from wallet.siwe import build_siwe_message, sign_siwe_message

TIMEOUT = 30.0
SIGN_IN_LIFETIME = timedelta(minutes=10)
INDEXER_POLL = 1.0
ShippingDeal = Literal["order", "plan"]


class ApiNotFound(ApiError):
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
        self, method: str, path: str, *, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send a request; map transport failures and refusals to :class:`ApiError`.

        Raises:
            ApiNotFound: 404.
            ApiError: The server is unreachable or answered another 4xx/5xx.
        """
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
                raise ApiNotFound(message)
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
            ApiNotFound: The deal is still unknown after ``wait`` seconds.
            ApiError: Refused (hash mismatch, no shipping details) or unreachable.
        """
        path = f"/v1/{kind}s/{deal_id}/shipping-envelope"
        body = {"envelope": "0x" + envelope.hex()}
        deadline = time.monotonic() + wait
        while True:
            try:
                stored: dict[str, Any] = self.request("PUT", path, json=body).json()
                return stored
            except ApiNotFound:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(INDEXER_POLL)

    def shipping_envelope(self, kind: ShippingDeal, deal_id: int, seller: LocalAccount) -> bytes:
        """The sealed envelope of order or plan ``deal_id``, fetched as its ``seller``.

        Raises:
            ApiNotFound: No such deal, or the buyer has not uploaded the envelope.
            ApiError: Not this deal's seller, or unreachable.
        """
        token = self.sign_in(seller)
        path = f"/v1/{kind}s/{deal_id}/shipping-envelope"
        body = self.request("GET", path, token=token).json()
        try:
            return bytes.fromhex(str(body["envelope"]).removeprefix("0x"))
        except (KeyError, ValueError) as exc:
            raise ApiError(f"the API's answer to GET {path} holds no envelope") from exc


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict) and "detail" in body:
        detail = body["detail"]
        return detail if isinstance(detail, str) else str(detail)[:500]
    return str(body)[:200]
