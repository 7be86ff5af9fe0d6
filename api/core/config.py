"""API settings: laptop-friendly defaults, every field overridable by a ``BAZAAR_*`` variable.

The shared fields (``BAZAAR_ENVIRONMENT``, ``BAZAAR_DB_URL``, which the indexer fills,
``BAZAAR_CHAIN_ID``, ``BAZAAR_DEPLOYMENTS_DIR``, ...) come from
:class:`core.settings.BazaarSettings`. Outside development
(``BAZAAR_ENVIRONMENT=production``) the settings refuse the defaults that are only safe on
a laptop: a ``localhost`` sign-in domain, a plain-HTTP sign-in URI and CORS open to every
origin.

Example:
    >>> ApiSettings(environment="development").siwe_domain
    'localhost:8000'
    >>> ApiSettings(environment="production")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for ApiSettings
      Value error, unsafe settings for production: ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from eth_utils.address import is_address, to_checksum_address
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.constants import ZERO_ADDRESS
from core.settings import BazaarSettings
from wallet.siwe import rules

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
ETH = ZERO_ADDRESS


def is_local(authority: str) -> bool:
    """Whether ``authority`` (``host[:port]``) names this machine (``localhost``, ...)."""
    host = authority.rsplit("@", 1)[-1].lower()
    host = host[: host.find("]") + 1] if host.startswith("[") else host.split(":", 1)[0]
    return host in LOCAL_HOSTS


class TokenLabel(BaseModel):
    """How the storefront writes amounts of one ERC-20: its symbol and decimals."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    symbol: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9.$_-]+$")
    decimals: int = Field(ge=0, le=36)


class ApiSettings(BazaarSettings):
    """Everything the API process needs to know.

    Attributes (besides those of :class:`~core.settings.BazaarSettings`: ``environment``,
    where ``production`` refuses the laptop defaults; ``db_url``, the database the indexer
    fills; ``chain_id``, which sign-in messages must name and checkout links use):
        siwe_domain: The RFC 3986 authority sign-in messages are made for by default.
        siwe_uri: The exact URI sign-in messages for ``siwe_domain`` must carry.
        siwe_allowed_domains: Further authorities (``host[:port]``) sign-in messages may
            name, each with ``siwe_uri``'s scheme and path. In development the authority a
            request came to (its ``Host``) is accepted too: see :mod:`api.crud.auth`.
        siwe_statement: The statement clients should show (returned with each nonce).
        nonce_ttl: Seconds a sign-in nonce stays usable.
        session_ttl: Seconds a session token stays valid.
        cors_origins: Origins allowed to call the API from a browser (``*``: any).
        write_rate_limit: Writes one signed-in address may make per ``rate_window``.
        anonymous_rate_limit: Anonymous writes (nonces, sign-ins, shipping envelopes) per
            client IP and window.
        rate_window: Length of a rate-limit window in seconds.
        trust_forwarded_for: Take the client IP from ``X-Forwarded-For`` (behind a proxy).
        moderators: Addresses allowed to uphold or dismiss abuse reports.
        reputation_units: Reference unit of deal value per payment token (address →
            amount in the token's smallest unit) for the reputation formula; deals in other
            tokens count 1 each. Default: 0.01 ETH.
        token_labels: Symbol and decimals of payment tokens (address → ``{"symbol",
            "decimals"}``), rendered into the storefront's shell so its prices read "12.5
            tUSD" before a wallet is connected (the app reads the chain only through one).
            ETH needs none. ``BAZAAR_TOKEN_LABELS='{"0x…": {"symbol": "USDC", "decimals":
            6}}'``.
        feed_page_size: Items per feed page unless ``limit`` says otherwise.
        max_page_size: The largest ``limit`` any list accepts.
        feed_cache_ttl: Seconds a process trusts its cached first feed pages before it
            checks the feed's version again (0: no cache).
        stream_poll_interval: Seconds between database polls of the live stream.
        stream_heartbeat: Seconds of silence after which the stream sends a comment.
        health_max_lag: Blocks the indexer may trail the head before ``/health`` fails.
        max_document_bytes: Largest canonical document ``POST /v1/documents`` stores.
        web_dist: The built storefront served at ``/`` (default: ``web/dist`` of this
            checkout, see :mod:`api.web`).
    """

    siwe_domain: str = "localhost:8000"
    siwe_uri: str = "http://localhost:8000"
    siwe_allowed_domains: list[str] = []
    siwe_statement: str = "Sign in to Bazaar."
    nonce_ttl: int = Field(default=300, ge=10, le=3600)
    session_ttl: int = Field(default=86_400, ge=60, le=30 * 86_400)
    cors_origins: list[str] = ["*"]
    write_rate_limit: int = Field(default=30, ge=1)
    anonymous_rate_limit: int = Field(default=20, ge=1)
    rate_window: int = Field(default=60, ge=1, le=86_400)
    trust_forwarded_for: bool = False
    moderators: list[str] = []
    reputation_units: dict[str, int] = {ETH: 10**16}
    token_labels: dict[str, TokenLabel] = {}
    feed_page_size: int = Field(default=20, ge=1, le=200)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    feed_cache_ttl: float = Field(default=0.25, ge=0, le=60)
    stream_poll_interval: float = Field(default=0.5, gt=0, le=60)
    stream_heartbeat: float = Field(default=15.0, gt=0)
    health_max_lag: int = Field(default=64, ge=0)
    max_document_bytes: int = Field(default=64 * 1024, ge=1024, le=1024 * 1024)
    web_dist: Path | None = None

    @field_validator("moderators")
    @classmethod
    def _checksum_moderators(cls, value: list[str]) -> list[str]:
        for address in value:
            if not is_address(address):
                raise ValueError(f"moderator {address!r} is not an Ethereum address")
        return [to_checksum_address(address) for address in value]

    @field_validator("siwe_allowed_domains")
    @classmethod
    def _check_domains(cls, value: list[str]) -> list[str]:
        for domain in value:
            if not rules.is_authority(domain) or not domain:
                raise ValueError(f"allowed sign-in domain {domain!r} is not a host[:port]")
        return [domain.lower() for domain in value]

    @field_validator("reputation_units")
    @classmethod
    def _checksum_units(cls, value: dict[str, int]) -> dict[str, int]:
        for token, unit in value.items():
            if not is_address(token):
                raise ValueError(f"reputation unit token {token!r} is not an address")
            if unit <= 0:
                raise ValueError(f"the reputation unit of {token} must be positive")
        return {to_checksum_address(token): unit for token, unit in value.items()}

    @field_validator("token_labels")
    @classmethod
    def _checksum_labels(cls, value: dict[str, TokenLabel]) -> dict[str, TokenLabel]:
        for token in value:
            if not is_address(token):
                raise ValueError(f"token label key {token!r} is not an address")
        return {to_checksum_address(token): label for token, label in value.items()}

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not rules.is_authority(self.siwe_domain):
            raise ValueError(f"siwe_domain {self.siwe_domain!r} is not a host[:port]")
        if not rules.is_uri(self.siwe_uri):
            raise ValueError(f"siwe_uri {self.siwe_uri!r} is not an absolute URI")
        if not rules.is_statement(self.siwe_statement):
            raise ValueError("siwe_statement must be one line without quotes or %")
        if self.feed_page_size > self.max_page_size:
            raise ValueError("feed_page_size must not exceed max_page_size")
        if self.environment != "development":
            problems = self.unsafe_for_production()
            if problems:
                raise ValueError("unsafe settings for production: " + "; ".join(problems))
        return self

    def unsafe_for_production(self) -> list[str]:
        """What about these settings is only acceptable on a developer's machine."""
        problems = []
        if is_local(self.siwe_domain):
            problems.append(f"BAZAAR_SIWE_DOMAIN is {self.siwe_domain}; set the public host")
        local = [domain for domain in self.siwe_allowed_domains if is_local(domain)]
        if local:
            problems.append(f"BAZAAR_SIWE_ALLOWED_DOMAINS names {', '.join(local)}; drop them")
        if not self.siwe_uri.startswith("https://"):
            problems.append(f"BAZAAR_SIWE_URI is {self.siwe_uri}; use the public https:// URI")
        if "*" in self.cors_origins:
            problems.append('BAZAAR_CORS_ORIGINS allows every origin; list them: ["https://…"]')
        return problems

    @property
    def siwe_scheme(self) -> str:
        """The scheme sign-in messages must carry (that of ``siwe_uri``)."""
        return self.siwe_uri.split(":", 1)[0].lower()
