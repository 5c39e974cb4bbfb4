"""Entitlement and cart rules of the counter: what may be redeemed, sold, and drawn from where.

Pure functions over plain snapshots (no database): the sales service reads the family,
its vouchers, the products and the stock inside its write transaction, hands them here,
and commits only what these rules accept. The UI's preview runs the very same rules, so
what the cashier sees is what the commit will decide (the commit re-reads; it never trusts
the preview).

Rules (DOMAIN.md, "The rules an outlet works under"):
- a redemption draws its total from the family's vouchers oldest month first, across
  months; every voucher actually drawn must allow every product's category (eligible goods
  are configuration per period);
- unit price at or below the ceiling (HET); quantity in stock; whole units only for
  products not sold by weight; the total at most what is open;
- no cash out and no change on a redemption: the allocations add up to the total exactly;
- a cash sale needs cash tendered of at least the total; change is the difference;
- suspended or removed families, and revoked, blocked, expired or not-yet-valid vouchers
  are shown with their reason and cannot be redeemed.
Every refusal is a `DomainError` whose code is in `core.messages` with the numbers involved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.money import QTY_SCALE, line_total

# Approval code printed by the bank's EDC terminal, and the retrieval reference number.
EDC_APPROVAL = re.compile(r"[A-Za-z0-9]{6}")
EDC_RRN = re.compile(r"[0-9]{12}")

# Keeps a cart to what one person carries out of a shop (and integers far from overflow).
MAX_LINES = 100
MAX_QTY_MILLI = 1_000_000 * QTY_SCALE


# The roster flag sync sets on a family the office moved away from this outlet.
MOVED_FLAG = "flag.moved"


@dataclass(frozen=True)
class FamilySnapshot:
    id: int
    dtks_id: str
    name: str
    status: str  # active | suspended | removed
    status_reason: str
    # the outlet the office moved the family to, when it moved away from this one: the
    # family is shown, read-only, and cannot be served here (its vouchers went with it)
    moved_to: str | None = None


@dataclass(frozen=True)
class VoucherSnapshot:
    """One monthly tranche as the rules need it; `remaining` is derived by the caller."""

    id: int
    code: str
    period: str  # YYYY-MM
    amount: int
    remaining: int
    status: str  # open | revoked | blocked
    status_reason: str
    valid_from: dt.date
    valid_until: dt.date
    eligible_categories: frozenset[str]


@dataclass(frozen=True)
class ProductSnapshot:
    id: int
    sku: str
    name: str
    category: str
    unit: str
    fractional: bool
    price: int
    ceiling: int | None
    reference_price: int | None
    active: bool
    on_hand_milli: int


@dataclass(frozen=True)
class VoucherStanding:
    """A voucher as the entitlement screen shows it: redeemable or not, and why."""

    voucher: VoucherSnapshot
    redeemable: bool
    reason: str | None  # a message code when not redeemable
    reason_detail: str  # the roster's free-text reason (revoked/blocked), else ""


@dataclass(frozen=True)
class PricedLine:
    product: ProductSnapshot
    qty_milli: int
    unit_price: int
    ceiling: int | None
    total: int
    above_reference: bool  # eggs above the reference price: shown and flagged, not refused


@dataclass(frozen=True)
class Draw:
    """How much of a sale's total one voucher gives (oldest first)."""

    voucher: VoucherSnapshot
    amount: int

    @property
    def remaining_after(self) -> int:
        return self.voucher.remaining - self.amount


@dataclass(frozen=True)
class CartDecision:
    """What the rules decided about a cart: priced lines, draws, and every refusal."""

    lines: tuple[PricedLine, ...]
    total: int
    draws: tuple[Draw, ...]
    total_open: int
    problems: tuple[DomainError, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_first(self) -> None:
        if self.problems:
            raise self.problems[0]


# --- entitlement ----------------------------------------------------------------------


def family_block(family: FamilySnapshot) -> DomainError | None:
    """Why a family cannot redeem at all (moved away, suspended or removed), or None."""
    if family.moved_to:
        return DomainError("family.moved", name=family.name, outlet=family.moved_to)
    if family.status == "suspended":
        return DomainError("family.suspended", name=family.name, reason=family.status_reason)
    if family.status == "removed":
        return DomainError("family.removed", name=family.name, reason=family.status_reason)
    if family.status != "active":
        return DomainError("family.status", name=family.name, status=family.status)
    return None


def voucher_block(voucher: VoucherSnapshot, today: dt.date) -> str | None:
    """The message code saying why a voucher cannot be drawn today, or None."""
    if voucher.status == "revoked":
        return "voucher.revoked"
    if voucher.status == "blocked":
        return "voucher.blocked"
    if voucher.status != "open":
        return "voucher.status"
    if today > voucher.valid_until:
        return "voucher.expired"
    if today < voucher.valid_from:
        return "voucher.not_yet_valid"
    if voucher.remaining <= 0:
        return "voucher.used_up"
    return None


def standings(
    family: FamilySnapshot, vouchers: Iterable[VoucherSnapshot], today: dt.date
) -> list[VoucherStanding]:
    """Every voucher oldest month first, each with whether it can be drawn and why not."""
    blocked_family = family_block(family)
    result = []
    for voucher in sorted(vouchers, key=lambda v: (v.period, v.id)):
        reason = voucher_block(voucher, today)
        if reason is None and blocked_family is not None:
            reason = blocked_family.code
        detail = voucher.status_reason if voucher.status in ("revoked", "blocked") else ""
        if blocked_family is not None and reason == blocked_family.code:
            detail = family.status_reason
        result.append(VoucherStanding(voucher, reason is None, reason, detail))
    return result


def open_vouchers(standing: Iterable[VoucherStanding]) -> list[VoucherSnapshot]:
    return [s.voucher for s in standing if s.redeemable]


def total_open(standing: Iterable[VoucherStanding]) -> int:
    return sum(v.remaining for v in open_vouchers(standing))


def allocate(total: int, vouchers: Sequence[VoucherSnapshot]) -> list[Draw]:
    """Draw `total` from the vouchers oldest month first; each gives at most its remaining.

    Raises `sale.over_entitlement` when the open vouchers together hold less than `total`.
    """
    ordered = sorted((v for v in vouchers if v.remaining > 0), key=lambda v: (v.period, v.id))
    available = sum(v.remaining for v in ordered)
    if total > available:
        raise DomainError("sale.over_entitlement", total=total, open=available)
    draws = []
    left = total
    for voucher in ordered:
        if left <= 0:
            break
        take = min(left, voucher.remaining)
        draws.append(Draw(voucher, take))
        left -= take
    return draws


# --- lines and carts ------------------------------------------------------------------


def price_lines(
    products: dict[int, ProductSnapshot], lines: Sequence[tuple[int, int]]
) -> tuple[list[PricedLine], list[DomainError]]:
    """Price each (product_id, qty_milli) line; check quantity, ceiling and stock.

    Stock is checked per product over all its lines together, so two lines of the same
    rice cannot together take more than the shelf holds.
    """
    problems: list[DomainError] = []
    priced: list[PricedLine] = []
    if not lines:
        problems.append(DomainError("sale.empty"))
        return priced, problems
    if len(lines) > MAX_LINES:
        problems.append(DomainError("sale.too_many_lines", count=len(lines), limit=MAX_LINES))
        return priced, problems
    wanted: dict[int, int] = {}
    for number, (product_id, qty) in enumerate(lines, start=1):
        product = products.get(product_id)
        if product is None:
            problems.append(DomainError("sale.unknown_product", line=number, product=product_id))
            continue
        if not product.active:
            problems.append(DomainError("sale.product_inactive", line=number, product=product.name))
            continue
        if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0 or qty > MAX_QTY_MILLI:
            problems.append(
                DomainError("sale.bad_quantity", line=number, product=product.name, qty=qty)
            )
            continue
        if not product.fractional and qty % QTY_SCALE:
            problems.append(
                DomainError(
                    "sale.whole_units",
                    line=number,
                    product=product.name,
                    qty=qty,
                    unit=product.unit,
                )
            )
            continue
        if product.ceiling is not None and product.price > product.ceiling:
            problems.append(
                DomainError(
                    "sale.above_ceiling",
                    line=number,
                    product=product.name,
                    price=product.price,
                    ceiling=product.ceiling,
                )
            )
        wanted[product_id] = wanted.get(product_id, 0) + qty
        above_reference = (
            product.reference_price is not None and product.price > product.reference_price
        )
        priced.append(
            PricedLine(
                product,
                qty,
                product.price,
                product.ceiling,
                line_total(product.price, qty),
                above_reference,
            )
        )
    for product_id, qty in wanted.items():
        product = products[product_id]
        if qty > product.on_hand_milli:
            problems.append(
                DomainError(
                    "sale.out_of_stock",
                    product=product.name,
                    qty=qty,
                    on_hand=max(product.on_hand_milli, 0),
                    unit=product.unit,
                )
            )
    return priced, problems


def eligibility_problems(lines: Sequence[PricedLine], draws: Sequence[Draw]) -> list[DomainError]:
    """Each product must be voucher-eligible in every period the sale draws from."""
    problems = []
    seen: set[tuple[int, str]] = set()
    for line in lines:
        for draw in draws:
            key = (line.product.id, draw.voucher.period)
            if key in seen:
                continue
            seen.add(key)
            if line.product.category not in draw.voucher.eligible_categories:
                problems.append(
                    DomainError(
                        "sale.not_eligible",
                        product=line.product.name,
                        category=line.product.category,
                        period=draw.voucher.period,
                    )
                )
    return problems


def decide_redemption(
    family: FamilySnapshot,
    vouchers: Iterable[VoucherSnapshot],
    products: dict[int, ProductSnapshot],
    lines: Sequence[tuple[int, int]],
    today: dt.date,
) -> CartDecision:
    """All the rules of a voucher redemption over one cart; every refusal is listed."""
    standing = standings(family, vouchers, today)
    available = open_vouchers(standing)
    open_total = sum(v.remaining for v in available)
    problems: list[DomainError] = []
    blocked = family_block(family)
    if blocked is not None:
        problems.append(blocked)
    priced, line_problems = price_lines(products, lines)
    problems.extend(line_problems)
    total = sum(line.total for line in priced)
    draws: list[Draw] = []
    if priced and total <= 0:
        problems.append(DomainError("sale.zero_total"))
    elif priced and blocked is None:
        if not available:
            problems.append(DomainError("sale.no_open_voucher"))
        else:
            try:
                draws = allocate(total, available)
            except DomainError as exc:
                problems.append(exc)
            # Over the entitlement every open voucher would be drawn: check against all.
            drawn = draws or [Draw(v, v.remaining) for v in available]
            problems.extend(eligibility_problems(priced, drawn))
            # No cash out, no change: what the vouchers give is exactly the total.
            if draws and sum(d.amount for d in draws) != total:
                problems.append(
                    DomainError("sale.no_change", total=total, drawn=sum(d.amount for d in draws))
                )
    return CartDecision(tuple(priced), total, tuple(draws), open_total, tuple(problems))


def decide_cash_sale(
    products: dict[int, ProductSnapshot],
    lines: Sequence[tuple[int, int]],
    cash_tendered: int | None,
) -> CartDecision:
    """The rules of a cash sale to the public; `cash_tendered` None means not yet known."""
    priced, problems = price_lines(products, lines)
    total = sum(line.total for line in priced)
    if priced and total <= 0:
        problems.append(DomainError("sale.zero_total"))
    if cash_tendered is not None:
        if not isinstance(cash_tendered, int) or isinstance(cash_tendered, bool):
            problems.append(DomainError("sale.bad_cash", tendered=cash_tendered))
        elif cash_tendered < total:
            problems.append(
                DomainError(
                    "sale.cash_short",
                    tendered=cash_tendered,
                    total=total,
                    short=total - cash_tendered,
                )
            )
    return CartDecision(tuple(priced), total, (), 0, tuple(problems))


def change_due(total: int, cash_tendered: int) -> int:
    return cash_tendered - total


def check_edc(approval: str | None, rrn: str | None) -> tuple[str | None, str | None]:
    """Normalise and check the optional bank terminal references of a redemption."""
    approval = (approval or "").strip().upper() or None
    rrn = (rrn or "").strip() or None
    if approval is not None and not EDC_APPROVAL.fullmatch(approval):
        raise DomainError("sale.edc_approval", value=approval)
    if rrn is not None and not EDC_RRN.fullmatch(rrn):
        raise DomainError("sale.edc_rrn", value=rrn)
    return approval, rrn
