"""What each report says, as frozen dataclasses: the renderers (PDF, CSV) take only these.

The figures are filled in by `services.reports` (from the day, stock and signals
services, or its own queries where no service gives the figure); nothing here reads the
database. Money is int rupiah, quantities int milli-units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class OutletHeading:
    code: str
    name: str
    address: str  # one line: street, kelurahan, kecamatan, city
    device_code: str
    printed_at: dt.datetime  # UTC; shown in WIB
    closed: bool = False  # a closed day's report: `printed_at` is the moment of the close
    # a practice outlet's report (services.training): every page of the PDF and the first
    # line of the CSV say LATIHAN - BUKAN LAPORAN RESMI
    training: bool = False


# --- day closing ----------------------------------------------------------------------


@dataclass(frozen=True)
class KindTotal:
    kind: str  # 'redemption' | 'cash' | 'void'
    count: int
    total: int


@dataclass(frozen=True)
class ProductTotal:
    sku: str
    name: str
    unit: str
    qty_milli: int  # net of voids
    total: int


@dataclass(frozen=True)
class MonthTotal:
    """Vouchers of one monthly tranche redeemed that day (net of voids)."""

    period: str
    families: int
    amount: int


@dataclass(frozen=True)
class VoidLine:
    receipt_no: str
    voided_receipt_no: str
    at: dt.datetime
    total: int  # negative
    reason: str
    approved_by: str
    # the original's business date when it is an earlier day (an adjustment booked today)
    adjusts_day: dt.date | None = None


@dataclass(frozen=True)
class CashierLine:
    name: str
    redemptions: int
    redemption_total: int
    cash_sales: int
    cash_total: int
    voids: int


@dataclass(frozen=True)
class CashierKindLine:
    """One cashier's sales of one kind on the day: gross, the voids they booked, net."""

    name: str
    kind: str  # 'redemption' | 'cash'
    count: int
    gross: int
    voids: int  # negative
    net: int


@dataclass(frozen=True)
class ShiftLine:
    """One shift: the drawer's float, what it should hold, what was counted."""

    cashier: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None  # None: still open
    float_total: int
    cash_sales: int
    cash_voids: int  # negative
    expected: int
    counted: int | None
    over_short: int | None
    reason: str
    approved_by: str
    handover_to: str


@dataclass(frozen=True)
class DayCloseNote:
    """Who closed the day and when; the journal entry number goes to the footer only."""

    closed_at: dt.datetime
    closed_by: str
    journal_seq: int


@dataclass(frozen=True)
class DailyReport:
    outlet: OutletHeading
    business_date: dt.date
    by_kind: tuple[KindTotal, ...]
    by_product: tuple[ProductTotal, ...]
    by_month: tuple[MonthTotal, ...]
    voids: tuple[VoidLine, ...]
    net_total: int
    cash_expected: int  # cash taken for sales minus cash sales voided
    first_receipt: str | None
    last_receipt: str | None
    closed: bool
    redeemed_net: int = 0  # redemptions minus voided redemptions
    families_served: int = 0
    missing_receipts: tuple[int, ...] = ()  # receipt sequence numbers absent (a signal)
    cashiers: tuple[CashierLine, ...] = ()
    cashier_kinds: tuple[CashierKindLine, ...] = ()
    shifts: tuple[ShiftLine, ...] = ()
    close: DayCloseNote | None = None  # a closed day's report is the close's own figures
    receipt_count: int = 0
    cash_outside_shifts: int = 0  # cash sales net of voids made while no shift was open


# --- monthly distribution -------------------------------------------------------------


@dataclass(frozen=True)
class FamilyMonth:
    """One family assigned to the outlet, in one month.

    Two views of the month, both needed by Dinas Sosial:
    - distribution: `redeemed` is what the family took in goods at this outlet during the
      calendar month, whichever tranche it was drawn from (oldest first), net of voids
      booked in the month; `transactions` counts its redemptions in the month that stand.
      A family *collected* in the month when it has such a redemption (DOMAIN.md: by the
      redemption's date, whichever month's voucher the oldest-first rule charged);
    - the month's tranche: `tranche_redeemed` is what has been drawn from this month's
      voucher so far (here, net of voids, plus what the central office knows was redeemed
      elsewhere); the report's `tranches` give each voucher month's balance.
    `remaining` is what was still open at the end of the month (or now, while the month
    runs), all tranches up to and including this one.
    """

    dtks_id: str
    name: str
    card: str  # `**** 1234` or ""
    entitlement: int  # this month's tranche for the family (0: no voucher this month)
    redeemed: int
    remaining: int
    transactions: int
    status: str  # family status: active / suspended / removed
    tranche_redeemed: int = 0

    @property
    def collected(self) -> bool:
        return self.transactions > 0


@dataclass(frozen=True)
class TrancheBalance:
    """One voucher month (tranche) of the outlet's families, as at the end of the report's
    month: what it granted, what was drawn from it during the month and up to its end
    (including what the office knows was redeemed elsewhere), and what is left open."""

    period: str
    families: int
    entitlement: int
    redeemed_in_month: int
    redeemed_to_date: int
    remaining: int


@dataclass(frozen=True)
class MonthlyReport:
    outlet: OutletHeading
    period: str  # YYYY-MM
    amount_per_family: int
    families: tuple[FamilyMonth, ...]  # by ID DTKS
    tranches: tuple[TrancheBalance, ...] = ()  # voucher months up to this one, oldest first

    @property
    def not_collected(self) -> tuple[FamilyMonth, ...]:
        """Families with a voucher this month and no redemption (that stands) in the month."""
        return tuple(f for f in self.families if f.entitlement > 0 and not f.collected)

    @property
    def total_tranche_redeemed(self) -> int:
        return sum(f.tranche_redeemed for f in self.families)

    @property
    def total_entitlement(self) -> int:
        return sum(f.entitlement for f in self.families)

    @property
    def total_redeemed(self) -> int:
        return sum(f.redeemed for f in self.families)

    @property
    def total_remaining(self) -> int:
        return sum(f.remaining for f in self.families)

    @property
    def total_transactions(self) -> int:
        return sum(f.transactions for f in self.families)

    @property
    def collected_count(self) -> int:
        return sum(1 for f in self.families if f.collected)


# --- stock card, price list, signals --------------------------------------------------


@dataclass(frozen=True)
class StockLine:
    at: dt.datetime
    kind: str  # delivery, sale, void, adjustment, count
    reference: str  # receipt number or document number
    qty_milli: int  # signed
    balance_milli: int
    actor: str = ""
    note: str = ""  # reason and note of an adjustment or count


@dataclass(frozen=True)
class StockCardReport:
    outlet: OutletHeading
    sku: str
    name: str
    unit: str
    date_from: dt.date | None
    date_to: dt.date | None
    opening_milli: int
    lines: tuple[StockLine, ...]

    @property
    def closing_milli(self) -> int:
        return self.lines[-1].balance_milli if self.lines else self.opening_milli

    @property
    def total_in(self) -> int:
        return sum(line.qty_milli for line in self.lines if line.qty_milli > 0)

    @property
    def total_out(self) -> int:
        return -sum(line.qty_milli for line in self.lines if line.qty_milli < 0)


@dataclass(frozen=True)
class PriceLine:
    sku: str
    name: str
    category: str
    unit: str
    price: int
    ceiling: int | None
    reference_price: int | None


@dataclass(frozen=True)
class PriceListReport:
    outlet: OutletHeading
    valid_on: dt.date
    lines: tuple[PriceLine, ...]


@dataclass(frozen=True)
class SignalLine:
    code: str  # a message code (the text comes from core.messages)
    severity: str
    subject: str  # what it is about (receipt, family ID DTKS, product)
    detail: str  # already rendered text
    at: dt.datetime | None


@dataclass(frozen=True)
class SignalsReport:
    outlet: OutletHeading
    date_from: dt.date
    date_to: dt.date
    lines: tuple[SignalLine, ...]
