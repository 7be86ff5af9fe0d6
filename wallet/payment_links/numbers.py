"""EIP-681 numbers: decimal or scientific notation, always a whole number in the end.

EIP-681 writes amounts in the smallest unit (wei) and allows ``2.014e18`` for readability.
The grammar is ``number = [ "-" / "+" ] *DIGIT [ "." 1*DIGIT ] [ ( "e" / "E" ) [ 1*DIGIT ] ]``.
Parsing is exact integer arithmetic (no floats), and a value that is not whole after the
exponent (``1.5`` wei) is refused instead of rounded.

Example:
    >>> parse_number("2.014e18"), format_number(2014 * 10**15)
    (2014000000000000000, '2.014e18')
"""

from __future__ import annotations

import re

from wallet.errors import InvalidPaymentLinkError

_NUMBER = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]+))?(?:[eE]([0-9]*))?")
MAX_DIGITS = 100  # 2**256 has 78 digits; this also bounds 10**exponent


def parse_number(text: str, *, what: str = "number") -> int:
    """The integer ``text`` denotes.

    Raises:
        InvalidPaymentLinkError: Not the EIP-681 number grammar, too large, or not whole.
    """
    match = _NUMBER.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        raise InvalidPaymentLinkError(f"{what} {text!r} is not a number (examples: 42, 1.5e18)")
    sign, whole = match.group(1), match.group(2)
    fraction, exponent = match.group(3) or "", match.group(4)
    power = int(exponent or "0") if len(exponent or "") <= 3 else MAX_DIGITS + 1
    if len(whole) + len(fraction) > MAX_DIGITS or power > MAX_DIGITS:
        raise InvalidPaymentLinkError(f"{what} {text!r} is too large")
    mantissa = int((whole + fraction) or "0")
    scale = power - len(fraction)
    factor: int = 10 ** abs(scale)
    if scale >= 0:
        value = mantissa * factor
    else:
        value, remainder = divmod(mantissa, factor)
        if remainder:
            raise InvalidPaymentLinkError(
                f"{what} {text!r} is not a whole number; amounts are in the smallest unit (wei)"
            )
    return -value if sign == "-" else value


def format_number(value: int, *, scientific: bool = True) -> str:
    """``value`` as an EIP-681 number: scientific notation when it is shorter.

    Example:
        >>> format_number(10**18), format_number(1234), format_number(1500, scientific=False)
        ('1e18', '1234', '1500')
    """
    plain = str(value)
    if not scientific or value == 0:
        return plain
    digits = plain.lstrip("-")
    significant = digits.rstrip("0")
    mantissa = significant[0] + (f".{significant[1:]}" if len(significant) > 1 else "")
    compact = f"{'-' if value < 0 else ''}{mantissa}e{len(digits) - 1}"
    return compact if len(compact) < len(plain) else plain
