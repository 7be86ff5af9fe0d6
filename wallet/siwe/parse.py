"""Strict parsing of EIP-4361 text back into a :class:`~wallet.siwe.message.SiweMessage`.

The parser follows the ABNF line by line and refuses anything else: CR characters, missing
or reordered fields, unknown lines, a trailing newline. Strictness is the point: the server
verifies exactly the text the wallet showed, and two parsers must never disagree on it.
``parse_siwe_message(message.to_text()) == message`` for every valid message, and
``parse_siwe_message(text).to_text() == text`` for every text it accepts.

Example:
    >>> text = (
    ...     "https://bazaar.example wants you to sign in with your Ethereum account:\\n"
    ...     "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\\n\\n\\n"
    ...     "URI: https://bazaar.example\\nVersion: 1\\nChain ID: 31337\\n"
    ...     "Nonce: 12345678\\nIssued At: 2025-01-01T00:00:00Z")
    >>> message = parse_siwe_message(text)
    >>> message.scheme, message.domain, message.statement, message.chain_id
    ('https', 'bazaar.example', None, 31337)
"""

from __future__ import annotations

from collections.abc import Sequence

from wallet.errors import InvalidSiweMessageError
from wallet.siwe import rules
from wallet.siwe.message import HEADER_SUFFIX, SiweMessage

_REQUIRED = ("URI", "Version", "Chain ID", "Nonce", "Issued At")
_OPTIONAL = ("Expiration Time", "Not Before", "Request ID")
MAX_MESSAGE_LENGTH = 16_384


class _Lines:
    """A cursor over the message's lines that reports positions in errors."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.index = 0

    def error(self, what: str) -> InvalidSiweMessageError:
        return InvalidSiweMessageError(f"line {self.index + 1} of the sign-in message: {what}")

    def peek(self) -> str | None:
        return self.lines[self.index] if self.index < len(self.lines) else None

    def take(self, what: str) -> str:
        line = self.peek()
        if line is None:
            raise self.error(f"the message ends where {what} was expected")
        self.index += 1
        return line

    def blank(self) -> None:
        if self.take("an empty line") != "":
            self.index -= 1
            raise self.error("expected an empty line")

    def tagged(self, tag: str) -> str:
        line = self.take(f"'{tag}: '")
        if not line.startswith(f"{tag}: "):
            self.index -= 1
            raise self.error(f"expected '{tag}: …', found {line[:40]!r}")
        return line[len(tag) + 2 :]

    def optional(self, tag: str) -> str | None:
        line = self.peek()
        return self.tagged(tag) if line is not None and line.startswith(f"{tag}: ") else None


def _header(cursor: _Lines) -> tuple[str | None, str]:
    line = cursor.take("the header")
    if not line.endswith(HEADER_SUFFIX):
        cursor.index -= 1
        raise cursor.error(f"the first line must end with {HEADER_SUFFIX.strip()!r}")
    origin = line[: -len(HEADER_SUFFIX)]
    scheme, separator, domain = origin.partition("://")
    if not separator:
        return None, origin
    return scheme, domain


def parse_siwe_message(text: str) -> SiweMessage:
    """Parse EIP-4361 ``text``.

    Raises:
        InvalidSiweMessageError: The text breaks the grammar; the message names the line.
    """
    if len(text) > MAX_MESSAGE_LENGTH:
        raise InvalidSiweMessageError(
            f"the sign-in message is longer than {MAX_MESSAGE_LENGTH} chars"
        )
    if "\r" in text:
        raise InvalidSiweMessageError("the sign-in message must use LF line endings, not CRLF")
    cursor = _Lines(text.split("\n"))
    scheme, domain = _header(cursor)
    address = cursor.take("the address")
    if not rules.ADDRESS.fullmatch(address):
        cursor.index -= 1
        raise cursor.error("expected a 0x address of 40 hex digits")
    cursor.blank()
    statement: str | None = None
    if cursor.peek() != "":
        statement = cursor.take("the statement")
    cursor.blank()
    uri, version, chain_id, nonce, issued_at = (cursor.tagged(tag) for tag in _REQUIRED)
    if not rules.CHAIN_ID.fullmatch(chain_id):
        raise InvalidSiweMessageError(
            f"invalid chain id {chain_id!r}: digits without leading zeros"
        )
    expiration_time, not_before, request_id = (cursor.optional(tag) for tag in _OPTIONAL)
    resources: tuple[str, ...] | None = None
    if cursor.peek() == "Resources:":
        cursor.take("Resources:")
        found: list[str] = []
        while (line := cursor.peek()) is not None and line.startswith("- "):
            found.append(cursor.take("a resource")[2:])
        resources = tuple(found)
    if cursor.peek() is not None:
        raise cursor.error(f"unexpected line {cursor.peek()!r} (fields out of order?)")
    return SiweMessage(
        domain=domain,
        address=address,
        uri=uri,
        chain_id=int(chain_id),
        nonce=nonce,
        issued_at=issued_at,
        statement=statement,
        scheme=scheme,
        version=version,
        expiration_time=expiration_time,
        not_before=not_before,
        request_id=request_id,
        resources=resources,
    )
