"""wallet/payment_links: EIP-681 links built, parsed, round-tripped, and turned into calls."""

from __future__ import annotations

import pytest
from eth_utils.address import to_checksum_address
from hypothesis import given
from hypothesis import strategies as st
from web3 import Web3

from chain.artifacts import load_artifact
from wallet.errors import EnsNameNotSupportedError, InvalidPaymentLinkError
from wallet.payment_links import (
    Erc20Transfer,
    EthPayment,
    MarketplaceBuy,
    Param,
    PaymentRequest,
    as_erc20_transfer,
    as_eth_payment,
    as_marketplace_buy,
    erc20_transfer_link,
    eth_payment_link,
    format_number,
    marketplace_buy_link,
    parse_number,
    parse_payment_link,
)

SHOP = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
MARKET = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
REF = bytes(range(32))
REF_HEX = "0x" + REF.hex()


# ----------------------------------------------------------------------------- the three forms


def test_plain_eth_link_text() -> None:
    assert eth_payment_link(SHOP, 10**18, chain_id=1) == f"ethereum:{SHOP}@1?value=1e18"


def test_erc20_transfer_link_text() -> None:
    link = erc20_transfer_link(TOKEN, SHOP, 25 * 10**6, chain_id=10)

    assert link == f"ethereum:{TOKEN}@10/transfer?address={SHOP}&uint256=25000000"


def test_marketplace_buy_link_text() -> None:
    link = marketplace_buy_link(
        MARKET,
        chain_id=31337,
        listing_id=42,
        quantity=3,
        max_price=10**16,
        shipping_ref=REF_HEX,
        value=3 * 10**16,
    )

    assert link == (
        f"ethereum:{MARKET}@31337/buy?uint256=42&uint32=3&uint256=10000000000000000"
        f"&bytes32={REF_HEX}&value=3e16"
    )


def test_forms_parse_back_to_their_typed_views() -> None:
    eth = parse_payment_link(eth_payment_link(SHOP, 123, chain_id=5))
    transfer = parse_payment_link(erc20_transfer_link(TOKEN, SHOP, 7, chain_id=5))
    buy = parse_payment_link(
        marketplace_buy_link(
            MARKET,
            chain_id=5,
            listing_id=1,
            quantity=2,
            max_price=5 * 10**16,
            shipping_ref=REF,
            value=10**17,
        )
    )

    assert as_eth_payment(eth) == EthPayment(SHOP, 123, 5)
    assert as_erc20_transfer(transfer) == Erc20Transfer(TOKEN, SHOP, 7, 5)
    assert as_marketplace_buy(buy) == MarketplaceBuy(MARKET, 5, 1, 2, 5 * 10**16, REF_HEX, 10**17)


def test_erc20_listing_buy_link_has_no_value() -> None:
    link = marketplace_buy_link(
        MARKET, chain_id=5, listing_id=1, quantity=1, max_price=7, shipping_ref=REF, value=0
    )

    assert "value=" not in link
    assert as_marketplace_buy(parse_payment_link(link)).value == 0


def test_typed_views_refuse_other_shapes() -> None:
    transfer = parse_payment_link(erc20_transfer_link(TOKEN, SHOP, 7, chain_id=5))
    eth = parse_payment_link(eth_payment_link(SHOP, 1, chain_id=5))

    with pytest.raises(InvalidPaymentLinkError, match=r"asks for transfer\(address,uint256\)"):
        as_marketplace_buy(transfer)
    with pytest.raises(InvalidPaymentLinkError, match="a plain payment"):
        as_erc20_transfer(eth)
    with pytest.raises(InvalidPaymentLinkError, match="asks for transfer"):
        as_eth_payment(transfer)


def test_typed_views_require_a_chain_id() -> None:
    with pytest.raises(InvalidPaymentLinkError, match="@chain-id"):
        as_eth_payment(parse_payment_link(f"ethereum:{SHOP}?value=1"))


def test_eth_payment_requires_a_value() -> None:
    with pytest.raises(InvalidPaymentLinkError, match="no value"):
        as_eth_payment(parse_payment_link(f"ethereum:{SHOP}@1"))


def test_erc20_transfer_must_not_send_eth() -> None:
    link = f"ethereum:{TOKEN}@1/transfer?address={SHOP}&uint256=1&value=1"

    with pytest.raises(InvalidPaymentLinkError, match="must not send ETH"):
        as_erc20_transfer(parse_payment_link(link))


def test_buy_link_with_extra_argument_is_not_a_buy() -> None:
    link = f"ethereum:{MARKET}@1/buy?uint256=1&uint32=1&uint256=1&bytes32={REF_HEX}&uint8=1"

    with pytest.raises(
        InvalidPaymentLinkError, match=r"buy\(uint256,uint32,uint256,bytes32,uint8\)"
    ):
        as_marketplace_buy(parse_payment_link(link))


def test_shipping_ref_must_be_32_bytes() -> None:
    with pytest.raises(InvalidPaymentLinkError, match="32 bytes"):
        marketplace_buy_link(
            MARKET,
            chain_id=1,
            listing_id=1,
            quantity=1,
            max_price=1,
            shipping_ref="0x1234",
            value=0,
        )


# ----------------------------------------------------------------------------- EIP-681 examples


def test_eip681_example_scientific_value_without_chain() -> None:
    request = parse_payment_link(
        "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=2.014e18"
    )

    assert request.target == "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
    assert request.chain_id is None
    assert request.value == 2_014_000_000_000_000_000


def test_eip681_example_mixed_case_address_fails_its_checksum() -> None:
    # The specification's own example is mixed-case yet not EIP-55: a typo we must refuse.
    with pytest.raises(InvalidPaymentLinkError, match="checksum"):
        parse_payment_link("ethereum:0xfb6916095ca1df60bb79Ce92ce3ea74c37c5d359?value=2.014e18")


def test_eip681_example_lowercase_addresses_are_accepted_and_checksummed() -> None:
    request = parse_payment_link(
        "ethereum:0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7/transfer"
        "?address=0x8e23ee67d1332ad560396262c48ffbb01f93d052&uint256=1"
    )

    assert request.target == to_checksum_address("0x89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7")
    assert request.args[0].value == to_checksum_address(
        "0x8e23ee67d1332ad560396262c48ffbb01f93d052"
    )
    assert request.args[1] == Param("uint256", 1)


def test_pay_prefix_gas_and_case_insensitive_scheme() -> None:
    request = parse_payment_link(f"Ethereum:pay-{SHOP}@1?value=1&gas=21000&gasPrice=1e9")

    assert request.pay is True
    assert (request.gas_limit, request.gas_price) == (21000, 10**9)
    assert request.to_uri() == f"ethereum:pay-{SHOP}@1?value=1&gasLimit=21000&gasPrice=1e9"


def test_parameters_keep_argument_order_around_value() -> None:
    request = parse_payment_link(f"ethereum:{MARKET}/f?value=5&uint8=1&address={SHOP}&bool=true")

    assert [arg.abi_type for arg in request.args] == ["uint8", "address", "bool"]
    assert request.value == 5 and request.args[2].value is True


def test_string_and_bytes_arguments() -> None:
    request = parse_payment_link(f"ethereum:{MARKET}/note?string=caf%C3%A9%20%26%20tea&bytes=0x")

    assert request.args == (Param("string", "café & tea"), Param("bytes", b""))
    assert request.to_uri() == f"ethereum:{MARKET}/note?string=caf%C3%A9%20%26%20tea&bytes=0x"


def test_uint_alias_is_canonicalized() -> None:
    request = parse_payment_link(f"ethereum:{TOKEN}/transfer?address={SHOP}&uint=1e6")

    assert request.signature == "transfer(address,uint256)"
    assert request.args[1].value == 10**6


# ----------------------------------------------------------------------------- parse errors


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        (f"bitcoin:{SHOP}", "starts with 'ethereum:'"),
        ("ethereum:", "not a 0x address"),
        (f"ethereum:{SHOP[:-1]}", "not a 0x address"),
        (f"ethereum:{SHOP[:2]}{SHOP[2:].swapcase()}", "checksum"),
        (f"ethereum:foo-{SHOP}", "prefix foo-"),
        (f"ethereum:{SHOP}@0", "chain id"),
        (f"ethereum:{SHOP}@01", "chain id"),
        (f"ethereum:{SHOP}@", "chain id"),
        (f"ethereum:{SHOP}@main", "chain id"),
        (f"ethereum:{SHOP}/1buy", "function name"),
        (f"ethereum:{SHOP}/", "function name"),
        (f"ethereum:{SHOP}?", "not key=value"),
        (f"ethereum:{SHOP}?value", "not key=value"),
        (f"ethereum:{SHOP}?=1", "not key=value"),
        (f"ethereum:{SHOP}?foo=1", "unsupported parameter 'foo'"),
        (f"ethereum:{SHOP}?value=1&value=2", "more than once"),
        (f"ethereum:{SHOP}?gas=1&gasLimit=2", "more than once"),
        (f"ethereum:{SHOP}?value=-1", "negative"),
        (f"ethereum:{SHOP}?value=1.5", "not a whole number"),
        (f"ethereum:{SHOP}?value=1e-3", "not a number"),
        (f"ethereum:{SHOP}?value=0x10", "not a number"),
        (f"ethereum:{SHOP}?value=1e1000", "too large"),
        (f"ethereum:{SHOP}?value=2e77", r"\[0, 2\*\*256\)"),
        (f"ethereum:{SHOP}?uint256=1", "need a function"),
        (f"ethereum:{SHOP}/f?uint7=1", "unsupported parameter 'uint7'"),
        (f"ethereum:{SHOP}/f?uint256[]=1", "unsupported parameter"),
        (f"ethereum:{SHOP}/f?bytes33=0x00", "unsupported parameter"),
        (f"ethereum:{SHOP}/f?uint8=256", "does not fit in uint8"),
        (f"ethereum:{SHOP}/f?int8=-129", "does not fit in int8"),
        (f"ethereum:{SHOP}/f?uint256=-1", "cannot be negative"),
        (f"ethereum:{SHOP}/f?bool=yes", "true or false"),
        (f"ethereum:{SHOP}/f?bytes32=0x1234", "exactly 32 bytes"),
        (f"ethereum:{SHOP}/f?bytes=0xabc", "hex"),
        (f"ethereum:{SHOP}/f?string=%FF", "UTF-8"),
        (f"ethereum:{SHOP}/f?string=a b", "percent-encoded"),
        (f"ethereum:{SHOP}?value=1#frag", "percent-encoded"),
        (f"ethereum:{SHOP}?value=1%", "percent-encoded"),
        (f" ethereum:{SHOP}", "starts with"),
        ("ethereum:" + "0" * 9000, "longer than"),
    ],
)
def test_invalid_links_are_refused_with_a_reason(link: str, reason: str) -> None:
    with pytest.raises(InvalidPaymentLinkError, match=reason):
        parse_payment_link(link)


@pytest.mark.parametrize(
    "link",
    ["ethereum:shop.eth@1?value=1", f"ethereum:{TOKEN}/transfer?address=alice.eth&uint256=1"],
)
def test_ens_names_are_refused_clearly(link: str) -> None:
    with pytest.raises(EnsNameNotSupportedError, match="ENS name.*ask for the 0x address"):
        parse_payment_link(link)


def test_building_validates_too() -> None:
    with pytest.raises(InvalidPaymentLinkError):
        PaymentRequest(target=SHOP, args=(Param("uint8", 1),))
    with pytest.raises(InvalidPaymentLinkError):
        PaymentRequest(target=SHOP, value=-1)
    with pytest.raises(InvalidPaymentLinkError):
        Param("uint8", True)
    with pytest.raises(EnsNameNotSupportedError):
        PaymentRequest(target="vitalik.eth")


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("42", 42),
        ("+42", 42),
        ("-42", -42),
        ("007", 7),
        ("1e18", 10**18),
        ("1E3", 1000),
        ("2.014e18", 2_014_000_000_000_000_000),
        ("1.50e2", 150),
        (".5e1", 5),
        ("1.0", 1),
        ("1e", 1),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", ".", "e5", "-", "1.", "1..2", "1e-1", "one", "1_000", "١"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(InvalidPaymentLinkError):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (5, "5"),
        (100, "100"),
        (1000, "1e3"),
        (1234000, "1234000"),
        (12340000, "1.234e7"),
        (-(10**18), "-1e18"),
    ],
)
def test_format_number_prefers_the_shorter_form(value: int, text: str) -> None:
    assert format_number(value) == text


@given(st.integers(-(2**256), 2**256))
def test_numbers_round_trip(value: int) -> None:
    assert parse_number(format_number(value)) == value


# ----------------------------------------------------------------------------- round trips

_addresses = st.binary(min_size=20, max_size=20).map(lambda raw: to_checksum_address(raw))
_amounts = st.none() | st.integers(0, 2**256 - 1)


@st.composite
def _args(draw: st.DrawFn) -> Param:
    kind = draw(st.sampled_from(["uint", "int", "address", "bool", "bytesN", "bytes", "string"]))
    if kind in ("uint", "int"):
        bits = draw(st.sampled_from([8, 16, 32, 64, 128, 256]))
        low, high = (
            (0, 2**bits - 1) if kind == "uint" else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        )
        return Param(f"{kind}{bits}", draw(st.integers(low, high)))
    if kind == "address":
        return Param("address", draw(_addresses))
    if kind == "bool":
        return Param("bool", draw(st.booleans()))
    if kind == "bytesN":
        size = draw(st.integers(1, 32))
        return Param(f"bytes{size}", draw(st.binary(min_size=size, max_size=size)))
    if kind == "bytes":
        return Param("bytes", draw(st.binary(max_size=40)))
    return Param("string", draw(st.text(max_size=30)))


@st.composite
def _requests(draw: st.DrawFn) -> PaymentRequest:
    function = draw(st.none() | st.from_regex(r"[A-Za-z_$][A-Za-z0-9_$]{0,15}", fullmatch=True))
    args = tuple(draw(st.lists(_args(), max_size=4))) if function else ()
    return PaymentRequest(
        target=draw(_addresses),
        chain_id=draw(st.none() | st.integers(1, 2**64)),
        function=function,
        args=args,
        value=draw(_amounts),
        gas_limit=draw(_amounts),
        gas_price=draw(_amounts),
        pay=draw(st.booleans()),
    )


@given(_requests())
def test_request_link_request_round_trip(request: PaymentRequest) -> None:
    link = request.to_uri()

    parsed = parse_payment_link(link)

    assert parsed == request
    assert parsed.to_uri() == link


@given(_addresses, st.integers(0, 2**256 - 1), st.integers(1, 2**32))
def test_eth_payment_round_trip(to: str, value: int, chain_id: int) -> None:
    assert as_eth_payment(parse_payment_link(eth_payment_link(to, value, chain_id=chain_id))) == (
        EthPayment(to, value, chain_id)
    )


@given(
    _addresses,
    st.integers(1, 2**32),
    st.integers(0, 2**256 - 1),
    st.integers(1, 2**32 - 1),
    st.integers(0, 2**256 - 1),
    st.binary(min_size=32, max_size=32),
    st.integers(0, 2**256 - 1),
)
def test_marketplace_buy_round_trip(
    market: str,
    chain_id: int,
    listing_id: int,
    quantity: int,
    max_price: int,
    ref: bytes,
    value: int,
) -> None:
    link = marketplace_buy_link(
        market,
        chain_id=chain_id,
        listing_id=listing_id,
        quantity=quantity,
        max_price=max_price,
        shipping_ref=ref,
        value=value,
    )

    assert as_marketplace_buy(parse_payment_link(link)) == MarketplaceBuy(
        market, chain_id, listing_id, quantity, max_price, "0x" + ref.hex(), value
    )


@given(st.text(max_size=200))
def test_parser_only_raises_invalid_payment_link(text: str) -> None:
    try:
        request = parse_payment_link("ethereum:" + text)
    except InvalidPaymentLinkError:
        return
    assert parse_payment_link(request.to_uri()) == request


# ----------------------------------------------------------------------------- calls


def test_transfer_calldata_uses_the_erc20_selector() -> None:
    request = parse_payment_link(erc20_transfer_link(TOKEN, SHOP, 5, chain_id=1))

    data = request.calldata()

    assert data[:4].hex() == "a9059cbb"  # transfer(address,uint256)
    assert data[4:36] == bytes(12) + bytes.fromhex(SHOP[2:])
    assert int.from_bytes(data[36:68], "big") == 5


def test_buy_calldata_matches_the_marketplace_abi() -> None:
    request = parse_payment_link(
        marketplace_buy_link(
            MARKET,
            chain_id=31337,
            listing_id=9,
            quantity=4,
            max_price=10**15,
            shipping_ref=REF,
            value=4 * 10**15,
        )
    )
    contract = Web3().eth.contract(abi=load_artifact("Marketplace").abi)

    expected = contract.encode_abi("buy", args=[9, 4, 10**15, REF])

    assert "0x" + request.calldata().hex() == expected
    assert request.to_transaction() == {
        "to": MARKET,
        "value": 4 * 10**15,
        "data": expected,
        "chainId": 31337,
    }


def test_plain_payment_has_empty_calldata_and_gas_hint() -> None:
    request = parse_payment_link(f"ethereum:{SHOP}@1?value=1e15&gasLimit=21000")

    assert request.calldata() == b""
    assert request.to_transaction() == {
        "to": SHOP,
        "value": 10**15,
        "data": "0x",
        "chainId": 1,
        "gas": 21000,
    }
