"""wallet/siwe: EIP-4361 messages built, parsed (round trip) and verified, and every failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from eth_account import Account
from eth_account.messages import defunct_hash_message
from hypothesis import given
from hypothesis import strategies as st

from wallet.errors import (
    InvalidSiweMessageError,
    SigningError,
    SiweChainIdMismatchError,
    SiweDomainMismatchError,
    SiweExpiredError,
    SiweNonceMismatchError,
    SiweNotYetValidError,
    SiweSignatureInvalidError,
    SiweUriMismatchError,
)
from wallet.signing import personal_sign
from wallet.siwe import (
    SiweMessage,
    build_siwe_message,
    new_nonce,
    parse_siwe_message,
    sign_siwe_message,
    verify_siwe,
)
from wallet.siwe.rules import format_date_time, parse_date_time

ACCOUNT = Account.from_key("0x" + "42" * 32)
OTHER = Account.from_key("0x" + "43" * 32)
ISSUED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

# The example message of the EIP-4361 specification, byte for byte.
SPEC_EXAMPLE = """service.org wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

I accept the ServiceOrg Terms of Service: https://service.org/tos

URI: https://service.org/login
Version: 1
Chain ID: 1
Nonce: 32891756
Issued At: 2021-09-30T16:25:24Z
Resources:
- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
- https://example.com/my-web2-claim.json"""


def _message(**changes: object) -> SiweMessage:
    fields: dict[str, object] = {
        "domain": "bazaar.example",
        "address": ACCOUNT.address,
        "uri": "https://bazaar.example/login",
        "chain_id": 31337,
        "nonce": "n0nce12345",
        "statement": "Sign in to Bazaar.",
        "issued_at": ISSUED,
        "expires_in": timedelta(minutes=10),
    }
    fields.update(changes)
    return build_siwe_message(**fields)  # type: ignore[arg-type]


def _signed(**changes: object) -> tuple[str, str]:
    text = _message(**changes).to_text()
    return text, personal_sign(ACCOUNT, text)


def _verify(text: str, signature: str | bytes, **overrides: object) -> str:
    kwargs: dict[str, object] = {
        "expected_domain": "bazaar.example",
        "expected_chain_id": 31337,
        "now": ISSUED + timedelta(minutes=1),
    }
    kwargs.update(overrides)
    return verify_siwe(text, signature, **kwargs)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- build / text


def test_parses_the_specification_example_and_renders_it_back() -> None:
    message = parse_siwe_message(SPEC_EXAMPLE)

    assert message.domain == "service.org"
    assert message.address == "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
    assert message.statement == "I accept the ServiceOrg Terms of Service: https://service.org/tos"
    assert message.chain_id == 1 and message.nonce == "32891756"
    assert message.issued_at_time == datetime(2021, 9, 30, 16, 25, 24, tzinfo=UTC)
    assert message.resources == (
        "ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
        "https://example.com/my-web2-claim.json",
    )
    assert message.to_text() == SPEC_EXAMPLE


def test_full_message_text_is_exact() -> None:
    message = _message(
        scheme="https",
        not_before=ISSUED + timedelta(seconds=30),
        request_id="req-1",
        resources=["https://bazaar.example/terms", "ipfs://bafy"],
    )

    assert message.to_text() == (
        "https://bazaar.example wants you to sign in with your Ethereum account:\n"
        f"{ACCOUNT.address}\n"
        "\n"
        "Sign in to Bazaar.\n"
        "\n"
        "URI: https://bazaar.example/login\n"
        "Version: 1\n"
        "Chain ID: 31337\n"
        "Nonce: n0nce12345\n"
        "Issued At: 2025-03-01T12:00:00Z\n"
        "Expiration Time: 2025-03-01T12:10:00Z\n"
        "Not Before: 2025-03-01T12:00:30Z\n"
        "Request ID: req-1\n"
        "Resources:\n"
        "- https://bazaar.example/terms\n"
        "- ipfs://bafy"
    )


def test_without_statement_there_are_two_blank_lines() -> None:
    text = _message(statement=None, expires_in=None).to_text()

    assert f"{ACCOUNT.address}\n\n\nURI: " in text
    assert parse_siwe_message(text).statement is None


def test_empty_request_id_and_empty_resources_are_kept_apart_from_none() -> None:
    message = _message(request_id="", resources=[])

    assert message.to_text().endswith("Request ID: \nResources:")
    assert parse_siwe_message(message.to_text()) == message


def test_builder_defaults_nonce_and_time() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    message = build_siwe_message(
        domain="bazaar.example", address=ACCOUNT.address, uri="https://bazaar.example", chain_id=1
    )

    assert len(message.nonce) == 17 and message.nonce.isalnum()
    assert before <= message.issued_at_time <= datetime.now(UTC)
    assert message.expiration_time is None


def test_nonces_are_random_and_at_least_eight_characters() -> None:
    assert len({new_nonce() for _ in range(50)}) == 50
    with pytest.raises(ValueError):
        new_nonce(7)


def test_builder_rejects_both_expiration_forms_and_naive_times() -> None:
    with pytest.raises(InvalidSiweMessageError, match="not both"):
        _message(expiration_time=ISSUED)
    with pytest.raises(InvalidSiweMessageError, match="timezone-aware"):
        _message(issued_at=datetime(2025, 1, 1), expires_in=None)


def test_timestamps_are_rendered_in_utc_with_milliseconds_when_needed() -> None:
    paris = timezone(timedelta(hours=1))

    assert format_date_time(datetime(2025, 1, 1, 13, 0, tzinfo=paris)) == "2025-01-01T12:00:00Z"
    assert format_date_time(datetime(2025, 1, 1, 0, 0, 0, 5000, tzinfo=UTC)).endswith(".005Z")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-09-30T16:25:24Z", datetime(2021, 9, 30, 16, 25, 24, tzinfo=UTC)),
        ("2021-09-30T16:25:24.123456789Z", datetime(2021, 9, 30, 16, 25, 24, 123456, tzinfo=UTC)),
        ("2021-09-30t18:25:24+02:00", datetime(2021, 9, 30, 16, 25, 24, tzinfo=UTC)),
        ("2021-09-30T16:25:24-00:30", datetime(2021, 9, 30, 16, 55, 24, tzinfo=UTC)),
    ],
)
def test_rfc3339_timestamps(text: str, expected: datetime) -> None:
    assert parse_date_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-30 16:25:24Z",
        "2021-09-30T16:25:24",
        "2021-13-30T16:25:24Z",
        "2021-02-30T16:25:24Z",
        "2021-09-30T16:25:60Z",
        "2021-09-30T16:25:24+24:00",
        "２０２１-09-30T16:25:24Z",
    ],
)
def test_invalid_rfc3339_timestamps(text: str) -> None:
    assert parse_date_time(text) is None


# ----------------------------------------------------------------------------- parse errors


def _replace(old: str, new: str) -> str:
    assert old in SPEC_EXAMPLE
    return SPEC_EXAMPLE.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (SPEC_EXAMPLE.replace("\n", "\r\n"), "CRLF"),
        (SPEC_EXAMPLE + "\n", "unexpected line ''"),
        (_replace("wants you to sign in", "wants you to log in"), "first line"),
        (
            _replace(
                "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
                "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2",
            ),
            "EIP-55",
        ),
        (_replace("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xC02a"), "40 hex"),
        (_replace("Cc2\n\n", "Cc2\n"), "empty line"),
        (_replace("tos\n\n", "tos\n"), "empty line"),
        (_replace("Terms of Service:", 'Terms of "Service":'), "statement"),
        (_replace("URI: https://service.org/login", "URI: service.org/login"), "URI"),
        (_replace("Version: 1", "Version: 2"), "version 1"),
        (_replace("Chain ID: 1", "Chain ID: 01"), "leading zeros"),
        (_replace("Chain ID: 1", "Chain ID: one"), "chain id"),
        (_replace("Nonce: 32891756", "Nonce: 3289175"), "nonce"),
        (_replace("Nonce: 32891756", "Nonce: 32891756!"), "nonce"),
        (_replace("16:25:24Z", "16:25:24"), "date-time"),
        (_replace("Version: 1\nChain ID: 1", "Chain ID: 1\nVersion: 1"), "expected 'Version: …'"),
        (
            _replace("Resources:\n", "Resources:\nExpiration Time: 2022-01-01T00:00:00Z\n"),
            "unexpected line",
        ),
        (_replace("- ipfs://", "-ipfs://"), "unexpected line"),
        (_replace("- https://example.com/my-web2-claim.json", "- not a uri"), "resource"),
        (_replace("service.org wants", "https://service.org wants"), None),  # valid: scheme
        (_replace("service.org wants", "1https://service.org wants"), "scheme"),
        (_replace("service.org wants", "service .org wants"), "domain"),
        ("".join(SPEC_EXAMPLE.split("\n", 9)[:2]), "first line"),
        ("\n".join(SPEC_EXAMPLE.split("\n")[:6]), "ends where 'Version: ' was expected"),
        ("", "first line"),
        ("x" * 20_000, "longer than"),
    ],
)
def test_parse_rejects_what_breaks_the_grammar(text: str, reason: str | None) -> None:
    if reason is None:
        assert parse_siwe_message(text).scheme == "https"
        return
    with pytest.raises(InvalidSiweMessageError, match=reason):
        parse_siwe_message(text)


def test_expiration_must_come_before_not_before() -> None:
    text = _message(not_before=ISSUED).to_text()
    swapped = text.replace("Expiration Time", "@@").replace("Not Before", "Expiration Time")
    swapped = swapped.replace("@@", "Not Before")

    with pytest.raises(InvalidSiweMessageError, match="unexpected line"):
        parse_siwe_message(swapped)


def test_empty_statement_is_refused_by_the_builder() -> None:
    with pytest.raises(InvalidSiweMessageError, match="statement"):
        _message(statement="")


# ----------------------------------------------------------------------------- properties

_ALNUM = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_STATEMENT_CHARS = st.sampled_from("abcXYZ019 -._~:/?#[]@!$&'()*+,;=")
_times = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
_labels = st.text(_ALNUM, min_size=1, max_size=12)
_domains = st.builds(
    lambda host, tld, port: f"{host}.{tld}" + (f":{port}" if port is not None else ""),
    _labels,
    st.sampled_from(["com", "example", "io"]),
    st.none() | st.integers(0, 65535),
)
_uris = st.builds(lambda d, p: f"https://{d}/{p}", _domains, st.text(_ALNUM, max_size=10))
_messages = st.builds(
    build_siwe_message,
    domain=_domains,
    address=st.binary(min_size=20, max_size=20).map(
        lambda raw: Account.from_key(raw.rjust(32, b"\x01")).address
    ),
    uri=_uris,
    chain_id=st.integers(1, 2**64),
    statement=st.none() | st.text(_STATEMENT_CHARS, min_size=1, max_size=60),
    nonce=st.text(_ALNUM, min_size=8, max_size=32),
    issued_at=_times,
    expiration_time=st.none() | _times,
    not_before=st.none() | _times,
    request_id=st.none() | st.text(_ALNUM, max_size=16),
    resources=st.none() | st.lists(_uris, max_size=3),
    scheme=st.none() | st.sampled_from(["https", "http", "chrome-extension"]),
)


@given(_messages)
def test_round_trip_message_text_message(message: SiweMessage) -> None:
    text = message.to_text()

    parsed = parse_siwe_message(text)

    assert parsed == message
    assert parsed.to_text() == text


@given(st.text(max_size=400))
def test_parser_only_raises_invalid_siwe_message(text: str) -> None:
    try:
        message = parse_siwe_message(text)
    except InvalidSiweMessageError:
        return
    assert message.to_text() == text


@given(st.integers(0, len(SPEC_EXAMPLE) - 1), st.characters(codec="ascii"))
def test_single_character_edits_parse_strictly_or_fail_typed(position: int, char: str) -> None:
    text = SPEC_EXAMPLE[:position] + char + SPEC_EXAMPLE[position + 1 :]
    try:
        message = parse_siwe_message(text)
    except InvalidSiweMessageError:
        return
    assert message.to_text() == text


# ----------------------------------------------------------------------------- verify


def test_verify_returns_the_signer() -> None:
    text, signature = _signed()

    assert _verify(text, signature, expected_uri="https://bazaar.example/login") == ACCOUNT.address


def test_sign_siwe_message_signs_the_exact_text_with_the_right_key() -> None:
    message = _message()

    signature = sign_siwe_message(ACCOUNT, message)

    assert signature == personal_sign(ACCOUNT, message.to_text())
    assert _verify(message.to_text(), signature) == ACCOUNT.address
    with pytest.raises(SigningError, match="build the message with the signing account"):
        sign_siwe_message(OTHER, message)


def test_verify_accepts_signature_bytes_and_case_insensitive_domain() -> None:
    text, signature = _signed()

    assert _verify(text, bytes.fromhex(signature[2:]), expected_domain="Bazaar.Example")


def test_verify_rejects_a_signature_by_another_key() -> None:
    text, _ = _signed()

    with pytest.raises(SiweSignatureInvalidError, match=f"signed by {OTHER.address}"):
        _verify(text, personal_sign(OTHER, text))


def test_verify_rejects_text_changed_after_signing() -> None:
    text, signature = _signed()

    with pytest.raises(SiweSignatureInvalidError):
        _verify(text.replace("Sign in to Bazaar.", "Sign in to Bazaar!"), signature)


@pytest.mark.parametrize("signature", ["0x", "0x1234", "zz", "0x" + "00" * 65])
def test_verify_rejects_malformed_signatures(signature: str) -> None:
    text, _ = _signed()

    with pytest.raises(SiweSignatureInvalidError):
        _verify(text, signature)


def test_verify_rejects_another_domain() -> None:
    text, signature = _signed(domain="bazaar.example.evil.com")

    with pytest.raises(SiweDomainMismatchError, match="another site"):
        _verify(text, signature)


def test_verify_checks_scheme_defaulting_to_https() -> None:
    plain, plain_sig = _signed()
    http, http_sig = _signed(scheme="http")

    assert _verify(plain, plain_sig, expected_scheme="https")
    with pytest.raises(SiweDomainMismatchError, match="http://"):
        _verify(http, http_sig, expected_scheme="https")


def test_verify_rejects_another_uri() -> None:
    text, signature = _signed(uri="https://bazaar.example/other")

    with pytest.raises(SiweUriMismatchError):
        _verify(text, signature, expected_uri="https://bazaar.example/login")


def test_verify_rejects_another_chain() -> None:
    text, signature = _signed(chain_id=1)

    with pytest.raises(SiweChainIdMismatchError, match="chain 1"):
        _verify(text, signature)


def test_verify_rejects_another_nonce() -> None:
    text, signature = _signed()

    assert _verify(text, signature, expected_nonce="n0nce12345")
    with pytest.raises(SiweNonceMismatchError):
        _verify(text, signature, expected_nonce="n0nce99999")


def test_verify_rejects_expired_messages_from_the_expiration_instant() -> None:
    text, signature = _signed()
    expiry = ISSUED + timedelta(minutes=10)

    assert _verify(text, signature, now=expiry - timedelta(microseconds=1))
    with pytest.raises(SiweExpiredError, match="2025-03-01T12:10:00Z"):
        _verify(text, signature, now=expiry)


def test_verify_rejects_messages_before_not_before() -> None:
    start = ISSUED + timedelta(minutes=5)
    text, signature = _signed(not_before=start)

    assert _verify(text, signature, now=start)
    with pytest.raises(SiweNotYetValidError):
        _verify(text, signature, now=start - timedelta(seconds=1))


def test_verify_compares_times_across_time_zones() -> None:
    text, signature = _signed()
    tokyo = timezone(timedelta(hours=9))

    with pytest.raises(SiweExpiredError):
        _verify(text, signature, now=datetime(2025, 3, 1, 21, 10, tzinfo=tokyo))


def test_verify_needs_an_aware_now() -> None:
    text, signature = _signed()

    with pytest.raises(ValueError, match="timezone-aware"):
        _verify(text, signature, now=datetime(2025, 3, 1, 12, 1))


def test_verify_rejects_malformed_text() -> None:
    with pytest.raises(InvalidSiweMessageError):
        _verify("hello", personal_sign(ACCOUNT, "hello"))


def test_contract_wallet_fallback_gets_the_eip191_digest() -> None:
    text = _message(address=OTHER.address).to_text()  # "OTHER" plays a contract wallet
    signature = personal_sign(ACCOUNT, text)  # signed by one of its owners
    calls: list[tuple[str, bytes, bytes]] = []

    def is_valid(address: str, digest: bytes, sig: bytes) -> bool:
        calls.append((address, digest, sig))
        return True

    assert _verify(text, signature, contract_signature_valid=is_valid) == OTHER.address
    assert calls == [
        (OTHER.address, bytes(defunct_hash_message(text=text)), bytes.fromhex(signature[2:]))
    ]
    with pytest.raises(SiweSignatureInvalidError):
        _verify(text, signature, contract_signature_valid=lambda *_: False)
