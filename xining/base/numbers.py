"""Numbers as an article writes them: the one way a value of the base is written as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal


def number_text(value: float | int | Decimal, sign: bool = False, grouped: bool = False) -> str:
    """A number as an article prints it: no trailing zeros, no exponent; optionally signed or grouped."""
    text = _written_out(value, grouped)
    if text is None:
        # Decimals, and floats that repr writes with an exponent (1e-07). Imported here: most calls never
        # need the decimal module, whose import costs a listing about as much as printing it.
        from decimal import Decimal

        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
        text = f"{number:,f}" if grouped else f"{number:f}"
    if sign and value > 0:
        text = "+" + text
    return text


def _written_out(value: float | int | Decimal, grouped: bool) -> str | None:
    """An int, or a float whose shortest repr has no exponent (93.1, 1245.19, 5.0), as number_text writes it;
    None for anything else. repr gives a float's exact shortest digits, so no rounding happens here."""
    if type(value) is int:
        return f"{value:,}" if grouped else str(value)
    if type(value) is not float:
        return None
    written = repr(value)
    if "e" in written or "n" in written:  # 1e-07, inf, nan
        return None
    whole, _, fraction = written.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    return (
        ("-" if written.startswith("-") else "")
        + (f"{int(whole):,}" if grouped else whole)
        + (f".{fraction}" if fraction else "")
    )
