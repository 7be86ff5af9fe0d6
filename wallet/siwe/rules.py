"""The EIP-4361 grammar's terminals, from RFC 3986 (URIs) and RFC 3339 (timestamps).

Each ``is_*`` function answers whether a whole string matches one ABNF rule. They are shared
by the message builder (to refuse fields that would make an unparsable message) and the
parser (to refuse messages that do not follow the grammar).

Example:
    >>> is_authority("shop.example:8443"), is_statement("no\\nnewlines")
    (True, False)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_GEN_DELIMS = r":/?#\[\]@"
_PCT = r"%[0-9A-Fa-f]{2}"

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+\-.]*")
# authority = [ userinfo "@" ] host [ ":" port ]; host = IP-literal / IPv4address / reg-name
_USERINFO = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
_IP_LITERAL = r"\[(?:[0-9A-Fa-f:.]+|[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]"
_REG_NAME = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})+"
AUTHORITY = re.compile(rf"(?:{_USERINFO}@)?(?:{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?")
# URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ], checked at the character level
_URI_CHARS = rf"(?:[{_UNRESERVED}{_GEN_DELIMS}{_SUB_DELIMS}]|{_PCT})"
URI = re.compile(rf"[A-Za-z][A-Za-z0-9+\-.]*:{_URI_CHARS}*")
ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
# statement = 1*( reserved / unreserved / " " ): printable, but no LF, '"', '%', '<', '>'...
STATEMENT = re.compile(rf"[{_UNRESERVED}{_GEN_DELIMS}{_SUB_DELIMS} ]+")
NONCE = re.compile(r"[A-Za-z0-9]{8,}")
CHAIN_ID = re.compile(r"[1-9][0-9]*")
REQUEST_ID = re.compile(rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})*")
DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)


def is_scheme(text: str) -> bool:
    """RFC 3986 ``scheme``: a letter, then letters, digits, ``+``, ``-`` or ``.``."""
    return SCHEME.fullmatch(text) is not None


def is_authority(text: str) -> bool:
    """RFC 3986 ``authority``: ``[userinfo@]host[:port]``."""
    return AUTHORITY.fullmatch(text) is not None


def is_uri(text: str) -> bool:
    """RFC 3986 absolute ``URI``: a scheme, ``:``, then only URI characters or %-escapes."""
    return URI.fullmatch(text) is not None


def is_statement(text: str) -> bool:
    """EIP-4361 ``statement``: one or more reserved, unreserved or space characters."""
    return STATEMENT.fullmatch(text) is not None


def is_nonce(text: str) -> bool:
    """EIP-4361 ``nonce``: at least 8 ASCII letters or digits."""
    return NONCE.fullmatch(text) is not None


def is_request_id(text: str) -> bool:
    """EIP-4361 ``request-id``: ``*pchar`` (may be empty)."""
    return REQUEST_ID.fullmatch(text) is not None


def parse_date_time(text: str) -> datetime | None:
    """An RFC 3339 ``date-time`` as an aware datetime, or ``None`` if it is not one.

    Fractions beyond microseconds are truncated; leap seconds (``:60``) are refused.
    """
    match = DATE_TIME.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, zulu, sign, off_h, off_m = match.groups()[6:]
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    if zulu:
        zone = UTC
    else:
        if int(off_h) > 23 or int(off_m) > 59:
            return None
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        zone = timezone(-offset if sign == "-" else offset)
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None


def format_date_time(moment: datetime) -> str:
    """``moment`` in RFC 3339 UTC, milliseconds shown only when non-zero (as browsers do).

    Raises:
        ValueError: ``moment`` is naive (no time zone).

    Example:
        >>> format_date_time(datetime(2024, 5, 1, 12, 0, 0, 250000, tzinfo=UTC))
        '2024-05-01T12:00:00.250Z'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware; use datetime.now(UTC)")
    utc = moment.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond // 1000:
        text += f".{utc.microsecond // 1000:03d}"
    return text + "Z"
