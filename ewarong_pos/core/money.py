"""Money is an int of rupiah; quantities are int thousandths of a unit (grams for kg)."""

from __future__ import annotations

QTY_SCALE = 1000  # one unit (1 kg, 1 piece, 1 pack) is 1000 milli-units
NO_BREAK_SPACE = "\u00a0"


def format_rupiah(amount: int, *, screen: bool = False) -> str:
    """`Rp 110.000` (Indonesian thousands separator); negative as `-Rp 5.000`.

    On screen (`screen=True`) "Rp" and the number are joined by a no-break space, so a
    wrapping label never leaves "Rp" at the end of one line and the number on the next.
    What is printed or exported (ESC/POS receipts, PDF, CSV, the command line) keeps the
    plain ASCII space: the default."""
    sign = "-" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}".replace(",", ".")
    space = NO_BREAK_SPACE if screen else " "
    return f"{sign}Rp{space}{digits}"


def format_number(amount: int) -> str:
    """`110.000` without the currency, for narrow receipt columns."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def parse_rupiah(text: str) -> int:
    """Parse `Rp 110.000`, `110.000`, `110000` into 110000. Raises ValueError otherwise."""
    cleaned = text.replace(NO_BREAK_SPACE, " ").strip().replace("Rp", "").replace("rp", "").strip()
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-").replace(".", "").replace(" ", "")
    if not cleaned.isdigit():
        raise ValueError(f"not a rupiah amount: {text!r}")
    value = int(cleaned)
    return -value if negative else value


def line_total(unit_price: int, qty_milli: int) -> int:
    """Price per unit times quantity, rounded half up to a whole rupiah (exact integers)."""
    numerator = unit_price * qty_milli
    if numerator >= 0:
        return (numerator + QTY_SCALE // 2) // QTY_SCALE
    return -((-numerator + QTY_SCALE // 2) // QTY_SCALE)


def parse_quantity(text: str, fractional: bool) -> int:
    """Parse `1,5` or `1.5` (kg) or `3` (pieces) into milli-units.

    Raises ValueError for anything that is not a positive quantity with at most three
    decimals, or a fraction of a product sold only in whole units.
    """
    cleaned = text.strip().replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        raise ValueError(f"not a quantity: {text!r}")
    whole, _, frac = cleaned.partition(".")
    if (
        not (whole or frac)
        or not (whole.isdigit() or whole == "")
        or not (frac.isdigit() or frac == "")
    ):
        raise ValueError(f"not a quantity: {text!r}")
    if len(frac) > 3:
        raise ValueError(f"more than three decimals: {text!r}")
    milli = int(whole or "0") * QTY_SCALE + int((frac or "0").ljust(3, "0"))
    if milli <= 0:
        raise ValueError(f"quantity must be positive: {text!r}")
    if not fractional and milli % QTY_SCALE:
        raise ValueError(f"whole units only: {text!r}")
    return milli


def format_quantity(qty_milli: int, unit: str) -> str:
    """`1,5 kg`, `2 pcs`: Indonesian decimal comma, no trailing zeros."""
    sign = "-" if qty_milli < 0 else ""
    whole, frac = divmod(abs(qty_milli), QTY_SCALE)
    text = str(whole)
    if frac:
        text += "," + f"{frac:03d}".rstrip("0")
    return f"{sign}{text} {unit}"
