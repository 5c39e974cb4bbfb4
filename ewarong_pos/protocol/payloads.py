"""The journal payload of each kind of fact, defined once: the contract with the office.

A journal entry's `payload` is what the central office reads and what the outlet's
verifier checks every fact against (docs/journal.md). Each kind is a frozen dataclass
here with:

- `to_json()`: its canonical form, the exact dict that is hashed and stored (keys and
  values as every journal written so far holds them: tests/sync/test_old_journal.py
  holds a journal written before this module existed to them, byte for byte);
- `parse(payload)`: a lenient reading of a payload as received (the office's ingest, the
  rebuild after device loss): it refuses (`Unreadable`, naming the field) only what a
  fact cannot be accounted without, and reads every other field with a default. Whoever
  needs the exact bytes compares `to_json()` of what it rebuilt with the payload held.

The sales commit builds `SalePayload` from the values in hand, `services.sales.payload`
and `services.verify` from the rows, `services.rebuild` and `central.ingest` parse it.
Plain Python (no pydantic): the counter's commit path imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

JsonValue: TypeAlias = bool | int | str | list["JsonValue"] | dict[str, "JsonValue"] | None
JsonObject = dict[str, JsonValue]


class Unreadable(ValueError):
    """A payload lacks what its fact cannot be accounted without (`field` names it)."""

    def __init__(self, field: str) -> None:
        super().__init__(f"unreadable journal payload: {field}")
        self.field = field


# --- lenient field readers --------------------------------------------------------------


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _need_int(p: Mapping[str, object], key: str) -> int:
    value = _int(p.get(key))
    if value is None:
        raise Unreadable(key)
    return value


def _need_str(p: Mapping[str, object], key: str) -> str:
    value = p.get(key)
    if not isinstance(value, str):
        raise Unreadable(key)
    return value


def _text(value: object, default: str = "") -> str:
    """A text field: as it is, a number as its digits, missing as `default`."""
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def _opt_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _items(value: object, field: str) -> list[Mapping[str, object]]:
    """A list of objects (missing: empty); anything else is unreadable."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        type(item) is dict or isinstance(item, Mapping) for item in value
    ):
        raise Unreadable(field)
    return list(value)


def _json(value: object) -> JsonValue:
    """A JSON value as received (totals and other free-form parts)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    raise Unreadable(type(value).__name__)


# --- sales: sale.redemption, sale.cash, sale.void ---------------------------------------

SALE_ENTRY_KINDS = {"redemption": "sale.redemption", "cash": "sale.cash", "void": "sale.void"}


@dataclass(frozen=True)
class SaleLine:
    """A line as sold: name, unit, price and ceiling copied as they were (negative in a void)."""

    sku: str
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    total: int

    def to_json(self) -> JsonObject:
        return {
            "sku": self.sku,
            "name": self.name,
            "unit": self.unit,
            "qty_milli": self.qty_milli,
            "unit_price": self.unit_price,
            "ceiling": self.ceiling,
            "total": self.total,
        }

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> SaleLine:
        return cls(
            sku=_text(p.get("sku")),
            name=_text(p.get("name")),
            unit=_text(p.get("unit")),
            qty_milli=_int(p.get("qty_milli")) or 0,
            unit_price=_int(p.get("unit_price")) or 0,
            ceiling=_int(p.get("ceiling")),
            total=_int(p.get("total")) or 0,
        )


@dataclass(frozen=True)
class Allocation:
    """What a sale drew from one voucher (negative in a void: the voucher reopened)."""

    voucher: str
    period: str
    amount: int

    def to_json(self) -> JsonObject:
        return {"voucher": self.voucher, "period": self.period, "amount": self.amount}

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> Allocation:
        period = p.get("period")
        return cls(
            _need_str(p, "voucher"),
            period if isinstance(period, str) else "",
            _need_int(p, "amount"),
        )


@dataclass(frozen=True)
class Edc:
    """The bank terminal's approval code and reference number of a card redemption."""

    approval: str | None
    rrn: str | None

    @classmethod
    def of(cls, approval: str | None, rrn: str | None) -> Edc | None:
        """None when the sale had neither (the payload then says `"edc": null`)."""
        return cls(approval, rrn) if approval is not None or rrn is not None else None

    def to_json(self) -> JsonObject:
        return {"approval": self.approval, "rrn": self.rrn}


@dataclass(frozen=True)
class VoidRef:
    """The sale a void reverses."""

    sale: str
    receipt_no: str

    def to_json(self) -> JsonObject:
        return {"sale": self.sale, "receipt_no": self.receipt_no}


@dataclass(frozen=True)
class SalePayload:
    """A committed sale, redemption or void (docs/journal.md, "Sales")."""

    sale: str  # the sale's uuid
    receipt_no: str
    receipt_seq: int
    kind: str  # redemption | cash | void
    outlet: str | None
    business_date: str  # ISO date, WIB
    cashier: str | None  # username
    family: str | None  # ID DTKS
    lines: tuple[SaleLine, ...]
    total: int
    allocations: tuple[Allocation, ...]
    cash_tendered: int | None
    change: int | None
    edc: Edc | None
    voids: VoidRef | None
    reason: str | None  # a void's reason
    approved_by: str | None  # the manager who approved a void

    @property
    def entry_kind(self) -> str:
        return SALE_ENTRY_KINDS[self.kind]

    def to_json(self) -> JsonObject:
        return {
            "sale": self.sale,
            "receipt_no": self.receipt_no,
            "receipt_seq": self.receipt_seq,
            "kind": self.kind,
            "outlet": self.outlet,
            "business_date": self.business_date,
            "cashier": self.cashier,
            "family": self.family,
            "lines": [line.to_json() for line in self.lines],
            "total": self.total,
            "allocations": [a.to_json() for a in self.allocations],
            "cash_tendered": self.cash_tendered,
            "change": self.change,
            "edc": self.edc.to_json() if self.edc is not None else None,
            "voids": self.voids.to_json() if self.voids is not None else None,
            "reason": self.reason,
            "approved_by": self.approved_by,
        }

    @classmethod
    def parse(
        cls, p: Mapping[str, object], entry_kind: str = "", *, with_lines: bool = True
    ) -> SalePayload:
        """Read a sale entry's payload; `Unreadable` without its uuid, receipt sequence,
        total, or with allocations that are not a list of {voucher, amount} objects.

        `with_lines=False`: `lines` left empty, unread (the office's ingest accounts a sale
        by its total and allocations; unreadable lines never made a payload unreadable)."""
        sale = _need_str(p, "sale")
        receipt_seq = _need_int(p, "receipt_seq")
        total = _need_int(p, "total")
        allocations = tuple(
            Allocation.parse(a) for a in _items(p.get("allocations"), "allocations")
        )
        lines: tuple[SaleLine, ...] = ()
        if with_lines:
            try:
                lines = tuple(SaleLine.parse(line) for line in _items(p.get("lines"), "lines"))
            except Unreadable:
                pass  # the office accounts a sale by its total and allocations
        edc, voids, outlet = p.get("edc"), p.get("voids"), p.get("outlet")
        return cls(
            sale=sale,
            receipt_no=_text(p.get("receipt_no")),
            receipt_seq=receipt_seq,
            kind=_text(p.get("kind")) or entry_kind.partition(".")[2],
            outlet=outlet if isinstance(outlet, str) else None,
            business_date=_text(p.get("business_date")),
            cashier=_opt_text(p.get("cashier")),
            family=_opt_text(p.get("family")),
            lines=lines,
            total=total,
            allocations=allocations,
            cash_tendered=_int(p.get("cash_tendered")),
            change=_int(p.get("change")),
            edc=(
                Edc(_opt_text(edc.get("approval")), _opt_text(edc.get("rrn")))
                if isinstance(edc, Mapping)
                else None
            ),
            voids=(
                VoidRef(_text(voids.get("sale")), _text(voids.get("receipt_no")))
                if isinstance(voids, Mapping) and voids.get("sale") is not None
                else None
            ),
            reason=_opt_text(p.get("reason")),
            approved_by=_opt_text(p.get("approved_by")),
        )


# --- stock documents: stock.delivery, stock.adjustment, stock.count ----------------------

STOCK_ENTRY_KINDS = {
    "delivery": "stock.delivery",
    "adjustment": "stock.adjustment",
    "count": "stock.count",
}


@dataclass(frozen=True)
class StockLine:
    """One product's movement; a count also records the shelf and the book figures."""

    sku: str
    qty_milli: int
    unit_cost: int | None
    counted_milli: int | None
    book_milli: int | None

    def to_json(self) -> JsonObject:
        return {
            "sku": self.sku,
            "qty_milli": self.qty_milli,
            "unit_cost": self.unit_cost,
            "counted_milli": self.counted_milli,
            "book_milli": self.book_milli,
        }

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> StockLine:
        return cls(
            sku=_text(p.get("sku")),
            qty_milli=_int(p.get("qty_milli")) or 0,
            unit_cost=_int(p.get("unit_cost")),
            counted_milli=_int(p.get("counted_milli")),
            book_milli=_int(p.get("book_milli")),
        )


@dataclass(frozen=True)
class StockDocumentPayload:
    """A delivery, an adjustment or a count (docs/journal.md, "Stock documents")."""

    doc: str  # the document's uuid
    kind: str  # delivery | adjustment | count
    business_date: str
    actor: str | None
    supplier: str
    document_no: str
    reason: str
    note: str
    lines: tuple[StockLine, ...]

    @property
    def entry_kind(self) -> str:
        return STOCK_ENTRY_KINDS[self.kind]

    def to_json(self) -> JsonObject:
        return {
            "doc": self.doc,
            "kind": self.kind,
            "business_date": self.business_date,
            "actor": self.actor,
            "supplier": self.supplier,
            "document_no": self.document_no,
            "reason": self.reason,
            "note": self.note,
            "lines": [line.to_json() for line in self.lines],
        }

    @classmethod
    def parse(cls, p: Mapping[str, object], entry_kind: str = "") -> StockDocumentPayload:
        return cls(
            doc=_need_str(p, "doc"),
            kind=_text(p.get("kind")) or entry_kind.partition(".")[2],
            business_date=_text(p.get("business_date")),
            actor=_opt_text(p.get("actor")),
            supplier=_text(p.get("supplier")),
            document_no=_text(p.get("document_no")),
            reason=_text(p.get("reason")),
            note=_text(p.get("note")),
            lines=tuple(StockLine.parse(line) for line in _items(p.get("lines"), "lines")),
        )


# --- day.close ---------------------------------------------------------------------------

DAY_CLOSE_KIND = "day.close"


@dataclass(frozen=True)
class DayClosePayload:
    """A closed business date with its totals (`services.day.DaySummary.totals()`)."""

    business_date: str
    actor: str | None
    totals: JsonValue

    entry_kind = DAY_CLOSE_KIND

    def to_json(self) -> JsonObject:
        return {"business_date": self.business_date, "actor": self.actor, "totals": self.totals}

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> DayClosePayload:
        return cls(
            business_date=_need_str(p, "business_date"),
            actor=_opt_text(p.get("actor")),
            totals=_json(p.get("totals")),
        )


# --- shift.open, shift.close, day.open (issue 15: docs/shifts.md) --------------------------

SHIFT_OPEN_KIND = "shift.open"
SHIFT_CLOSE_KIND = "shift.close"
DAY_OPEN_KIND = "day.open"


def _counts(value: object, field: str) -> dict[str, int]:
    """A drawer count as received: denomination key -> pieces (core.cash keys)."""
    if not isinstance(value, Mapping):
        raise Unreadable(field)
    counts: dict[str, int] = {}
    for key, pieces in value.items():
        number = _int(pieces)
        if not isinstance(key, str) or number is None:
            raise Unreadable(field)
        counts[key] = number
    return counts


@dataclass(frozen=True)
class ShiftOpenPayload:
    """A shift opened on a till with its float counted by denomination (`from_shift`:
    the shift whose closing count this float is, at a hand-over)."""

    shift: str
    business_date: str
    cashier: str | None
    float_counts: Mapping[str, int]
    float_total: int
    from_shift: str | None

    entry_kind = SHIFT_OPEN_KIND

    def to_json(self) -> JsonObject:
        return {
            "shift": self.shift,
            "business_date": self.business_date,
            "cashier": self.cashier,
            "float": dict(self.float_counts),
            "float_total": self.float_total,
            "from_shift": self.from_shift,
        }

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> ShiftOpenPayload:
        return cls(
            shift=_need_str(p, "shift"),
            business_date=_need_str(p, "business_date"),
            cashier=_opt_text(p.get("cashier")),
            float_counts=_counts(p.get("float"), "float"),
            float_total=_need_int(p, "float_total"),
            from_shift=_opt_text(p.get("from_shift")),
        )


@dataclass(frozen=True)
class ShiftClosePayload:
    """A shift's closing count against what its drawer should hold:
    expected = float + cash sales + cash voids (negative); over/short = counted - expected."""

    shift: str
    business_date: str
    cashier: str | None
    counted_by: str | None
    counts: Mapping[str, int]
    counted_total: int
    float_total: int
    cash_sales: int
    cash_voids: int
    expected: int
    over_short: int
    reason: str
    approved_by: str | None
    handover_to: str | None

    entry_kind = SHIFT_CLOSE_KIND

    def to_json(self) -> JsonObject:
        return {
            "shift": self.shift,
            "business_date": self.business_date,
            "cashier": self.cashier,
            "counted_by": self.counted_by,
            "counts": dict(self.counts),
            "counted_total": self.counted_total,
            "float_total": self.float_total,
            "cash_sales": self.cash_sales,
            "cash_voids": self.cash_voids,
            "expected": self.expected,
            "over_short": self.over_short,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "handover_to": self.handover_to,
        }

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> ShiftClosePayload:
        return cls(
            shift=_need_str(p, "shift"),
            business_date=_need_str(p, "business_date"),
            cashier=_opt_text(p.get("cashier")),
            counted_by=_opt_text(p.get("counted_by")),
            counts=_counts(p.get("counts"), "counts"),
            counted_total=_need_int(p, "counted_total"),
            float_total=_need_int(p, "float_total"),
            cash_sales=_need_int(p, "cash_sales"),
            cash_voids=_need_int(p, "cash_voids"),
            expected=_need_int(p, "expected"),
            over_short=_need_int(p, "over_short"),
            reason=_text(p.get("reason")),
            approved_by=_opt_text(p.get("approved_by")),
            handover_to=_opt_text(p.get("handover_to")),
        )


@dataclass(frozen=True)
class DayOpenPayload:
    """The manager opening the next business day before the calendar reaches it."""

    business_date: str
    actor: str | None

    entry_kind = DAY_OPEN_KIND

    def to_json(self) -> JsonObject:
        return {"business_date": self.business_date, "actor": self.actor}

    @classmethod
    def parse(cls, p: Mapping[str, object]) -> DayOpenPayload:
        return cls(business_date=_need_str(p, "business_date"), actor=_opt_text(p.get("actor")))
