"""EIP-4361 messages: the typed form, its exact text, and a builder with safe defaults.

A :class:`SiweMessage` validates every field on construction, so a message that exists can
always be rendered to text that parses back to it. Timestamps are kept as the exact RFC 3339
text that is (or will be) signed; the ``*_at`` properties give them as datetimes.

The text layout (EIP-4361)::

    [scheme://]domain wants you to sign in with your Ethereum account:
    address
    <blank>
    statement            (line present only when there is a statement)
    <blank>
    URI: uri
    Version: 1
    Chain ID: chain-id
    Nonce: nonce
    Issued At: issued-at
    Expiration Time: …   (optional, in this order)
    Not Before: …
    Request ID: …
    Resources:
    - uri …

Example:
    >>> from datetime import UTC, datetime
    >>> message = build_siwe_message(
    ...     domain="bazaar.example", address="0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    ...     uri="https://bazaar.example/login", chain_id=1, nonce="abcdefgh12",
    ...     statement="Sign in to Bazaar.", issued_at=datetime(2025, 1, 1, tzinfo=UTC))
    >>> print(message.to_text())
    bazaar.example wants you to sign in with your Ethereum account:
    0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
    <BLANKLINE>
    Sign in to Bazaar.
    <BLANKLINE>
    URI: https://bazaar.example/login
    Version: 1
    Chain ID: 1
    Nonce: abcdefgh12
    Issued At: 2025-01-01T00:00:00Z
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from eth_utils.address import is_checksum_address

from wallet.errors import InvalidSiweMessageError
from wallet.siwe import rules

HEADER_SUFFIX = " wants you to sign in with your Ethereum account:"
VERSION = "1"
_NONCE_ALPHABET = string.ascii_letters + string.digits


def new_nonce(length: int = 17) -> str:
    """A random alphanumeric nonce (17 characters ≈ 101 bits, like the reference library)."""
    if length < 8:
        raise ValueError("EIP-4361 nonces have at least 8 characters")
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(length))


def _invalid(field: str, value: str, rule: str) -> InvalidSiweMessageError:
    return InvalidSiweMessageError(f"invalid {field} {value!r}: {rule}")


@dataclass(frozen=True)
class SiweMessage:
    """One Sign-In with Ethereum message; every field is checked against the grammar.

    Raises:
        InvalidSiweMessageError: On construction, when a field breaks the EIP-4361 grammar.
    """

    domain: str
    address: str
    uri: str
    chain_id: int
    nonce: str
    issued_at: str
    statement: str | None = None
    scheme: str | None = None
    version: str = VERSION
    expiration_time: str | None = None
    not_before: str | None = None
    request_id: str | None = None
    resources: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.scheme is not None and not rules.is_scheme(self.scheme):
            raise _invalid("scheme", self.scheme, "an RFC 3986 scheme such as https")
        if not rules.is_authority(self.domain):
            raise _invalid("domain", self.domain, "an RFC 3986 authority such as shop.example")
        if not rules.ADDRESS.fullmatch(self.address) or not is_checksum_address(self.address):
            raise _invalid("address", self.address, "an EIP-55 checksummed 0x address")
        if self.statement is not None and not rules.is_statement(self.statement):
            raise _invalid(
                "statement",
                self.statement,
                "one line of letters, digits, spaces and URI punctuation (no quotes or %)",
            )
        if not rules.is_uri(self.uri):
            raise _invalid("URI", self.uri, "an absolute RFC 3986 URI such as https://x/login")
        if self.version != VERSION:
            raise _invalid("version", self.version, "EIP-4361 only defines version 1")
        if isinstance(self.chain_id, bool) or not isinstance(self.chain_id, int):
            raise InvalidSiweMessageError(f"chain id must be an int, got {self.chain_id!r}")
        if self.chain_id < 1:
            raise _invalid("chain id", str(self.chain_id), "a positive EIP-155 chain id")
        if not rules.is_nonce(self.nonce):
            raise _invalid("nonce", self.nonce, "at least 8 letters or digits")
        for field in ("issued_at", "expiration_time", "not_before"):
            value = getattr(self, field)
            if value is not None and rules.parse_date_time(value) is None:
                raise _invalid(field.replace("_", " "), value, "an RFC 3339 date-time")
        if self.request_id is not None and not rules.is_request_id(self.request_id):
            raise _invalid("request id", self.request_id, "URI path characters only")
        for resource in self.resources or ():
            if not rules.is_uri(resource):
                raise _invalid("resource", resource, "an absolute RFC 3986 URI")

    @staticmethod
    def _time(text: str | None) -> datetime | None:
        return None if text is None else rules.parse_date_time(text)

    @property
    def issued_at_time(self) -> datetime:
        """``issued_at`` as an aware datetime."""
        moment = rules.parse_date_time(self.issued_at)
        if moment is None:  # unreachable: __post_init__ checked it
            raise _invalid("issued at", self.issued_at, "an RFC 3339 date-time")
        return moment

    @property
    def expiration_at(self) -> datetime | None:
        """``expiration_time`` as an aware datetime, if any."""
        return self._time(self.expiration_time)

    @property
    def not_before_at(self) -> datetime | None:
        """``not_before`` as an aware datetime, if any."""
        return self._time(self.not_before)

    def to_text(self) -> str:
        """The exact EIP-4361 text to sign (LF line endings, no trailing newline)."""
        origin = f"{self.scheme}://{self.domain}" if self.scheme else self.domain
        lines = [origin + HEADER_SUFFIX, self.address, ""]
        if self.statement is not None:
            lines += [self.statement, ""]
        else:
            lines.append("")
        lines += [
            f"URI: {self.uri}",
            f"Version: {self.version}",
            f"Chain ID: {self.chain_id}",
            f"Nonce: {self.nonce}",
            f"Issued At: {self.issued_at}",
        ]
        if self.expiration_time is not None:
            lines.append(f"Expiration Time: {self.expiration_time}")
        if self.not_before is not None:
            lines.append(f"Not Before: {self.not_before}")
        if self.request_id is not None:
            lines.append(f"Request ID: {self.request_id}")
        if self.resources is not None:
            lines.append("Resources:")
            lines += [f"- {resource}" for resource in self.resources]
        return "\n".join(lines)


def _stamp(moment: datetime) -> str:
    try:
        return rules.format_date_time(moment)
    except ValueError as exc:
        raise InvalidSiweMessageError(str(exc)) from exc


def build_siwe_message(
    *,
    domain: str,
    address: str,
    uri: str,
    chain_id: int,
    statement: str | None = None,
    nonce: str | None = None,
    issued_at: datetime | None = None,
    expiration_time: datetime | None = None,
    expires_in: timedelta | None = None,
    not_before: datetime | None = None,
    request_id: str | None = None,
    resources: Sequence[str] | None = None,
    scheme: str | None = None,
) -> SiweMessage:
    """Build a message with a fresh nonce and the current time unless given.

    Args:
        domain: The RFC 3986 authority asking for the sign-in (``bazaar.example``).
        address: The signer's EIP-55 address.
        uri: The resource the sign-in is for (``https://bazaar.example/login``).
        chain_id: The EIP-155 chain id the session is bound to.
        statement: One line the user reads and agrees to.
        nonce: The server's nonce; a random one when ``None``.
        issued_at: Defaults to now.
        expiration_time: When the message stops being valid.
        expires_in: Alternative to ``expiration_time``: this long after ``issued_at``.
        not_before: When the message starts being valid.
        request_id: An identifier of the request for the server.
        resources: URIs the user wants resolved as part of the sign-in.
        scheme: The origin's scheme (``https``); omitted from the text when ``None``.

    Raises:
        InvalidSiweMessageError: A field breaks the grammar, a time is naive, or both
            ``expiration_time`` and ``expires_in`` are given.
    """
    if expiration_time is not None and expires_in is not None:
        raise InvalidSiweMessageError("give expiration_time or expires_in, not both")
    issued = issued_at if issued_at is not None else datetime.now(UTC)
    if expires_in is not None:
        expiration_time = issued + expires_in
    return SiweMessage(
        domain=domain,
        address=address,
        uri=uri,
        chain_id=chain_id,
        nonce=nonce if nonce is not None else new_nonce(),
        issued_at=_stamp(issued),
        statement=statement,
        scheme=scheme,
        expiration_time=None if expiration_time is None else _stamp(expiration_time),
        not_before=None if not_before is None else _stamp(not_before),
        request_id=request_id,
        resources=tuple(resources) if resources is not None else None,
    )
