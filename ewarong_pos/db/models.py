"""SQLAlchemy models of the outlet's local database.

Conventions (ARCHITECTURE.md): money is int rupiah; quantities are int milli-units
(grams for products sold per kg, 1000 per piece or pack); timestamps are ISO-8601 UTC
text exactly as they appear in the journal (`core.dates.iso`); business facts (sales,
allocations, stock movements, journal entries, audit rows) are append-only: a void is a
new sale of kind 'void' that reverses an old one. Reference data (families, vouchers,
periods, products, accounts) comes from the central office, which wins on sync.

Privacy: NIK, No. KK and KKS card numbers exist here only as keyed hashes
(`core.identifiers.keyed_hash`) plus their last four digits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- the outlet and its devices -------------------------------------------------------


class Outlet(Base):
    """This e-Warong (one row). `code` is the central office's outlet id."""

    __tablename__ = "outlet"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(250), default="")
    kelurahan: Mapped[str] = mapped_column(String(80), default="")
    kecamatan: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # HET price zone of Permendag 57/2017: 1 (Java, Bali, ...), 2, 3 (Maluku, Papua)
    price_zone: Mapped[int] = mapped_column(Integer, default=1)
    opening_time: Mapped[str] = mapped_column(String(5), default="07:00")  # local HH:MM
    closing_time: Mapped[str] = mapped_column(String(5), default="17:00")
    complaints_line: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[str] = mapped_column(String(32))


class Device(Base):
    """A till of the outlet. Exactly one row has `is_local` true: this PC.

    `code` is short (printed in receipt numbers); `id` is the central office's device
    identity after enrollment (a UUID generated locally before it).
    """

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlet.code"))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(80), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_at: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))
    # The latest time in this device's journal since its last clock correction, and that
    # entry's seq: what a new fact's time is compared with (`db.journal`). Kept by the
    # trigger `journal_clock_high` (migration 0004), never written by the code.
    clock_high_at: Mapped[str | None] = mapped_column(String(32))
    clock_high_seq: Mapped[int | None] = mapped_column(Integer)


class Setting(Base):
    """Device settings kept with the data (printer, sync address, language, ...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- accounts and audit ---------------------------------------------------------------


class Account(Base):
    """A person who may use the till: cashier (kasir), manager (pengelola), supervisor."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint("role IN ('cashier', 'manager', 'supervisor')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))  # argon2id; never the PIN
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))


class AuditLog(Base):
    """Who looked at or changed what: every family look-up, login, restore, setting.

    Never holds a raw NIK, No. KK or card number: `detail` names the kind of search only.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    action: Mapped[str] = mapped_column(String(40))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON


# --- reference data: periods, families, vouchers, products ----------------------------


class Category(Base):
    """A kind of goods (beras, telur, minyak, ...); voucher eligibility is per period."""

    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))


class Period(Base):
    """A monthly tranche's configuration: amount per family and eligible categories."""

    __tablename__ = "period"

    code: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    amount: Mapped[int] = mapped_column(Integer)
    eligible_categories: Mapped[str] = mapped_column(String(400))  # comma-separated codes
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)


class Family(Base):
    """A beneficiary family (KPM), as the roster knows it."""

    __tablename__ = "family"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'removed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dtks_id: Mapped[str] = mapped_column(String(40), unique=True)  # the stable key
    name: Mapped[str] = mapped_column(String(120))  # the card holder (pengurus)
    address: Mapped[str] = mapped_column(String(250), default="")
    rt_rw: Mapped[str] = mapped_column(String(16), default="")
    kelurahan: Mapped[str] = mapped_column(String(80), default="")
    kecamatan: Mapped[str] = mapped_column(String(80), default="")
    nik_hash: Mapped[str] = mapped_column(String(64), index=True)
    nik_last4: Mapped[str] = mapped_column(String(4))
    kk_hash: Mapped[str] = mapped_column(String(64), index=True)
    kk_last4: Mapped[str] = mapped_column(String(4))
    card_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    card_bank: Mapped[str] = mapped_column(String(16), default="")
    outlet_code: Mapped[str] = mapped_column(String(32), index=True)  # assigned outlet
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_reason: Mapped[str] = mapped_column(String(200), default="")
    flags: Mapped[str] = mapped_column(String(200), default="")  # comma-separated flag codes
    updated_at: Mapped[str] = mapped_column(String(32))

    vouchers: Mapped[list[Voucher]] = relationship(
        back_populates="family", order_by="Voucher.period"
    )


class Voucher(Base):
    """One family's monthly tranche. What remains is derived, never stored:

    remaining = amount - redeemed_elsewhere - sum(VoucherAllocation.amount)
    where allocations are positive for redemptions and negative for voids, and
    `redeemed_elsewhere` is what the central office knows was redeemed on other devices.
    """

    __tablename__ = "voucher"
    __table_args__ = (
        UniqueConstraint("family_id", "period"),
        CheckConstraint("status IN ('open', 'revoked', 'blocked')", name="status"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # tranche code
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    period: Mapped[str] = mapped_column(ForeignKey("period.code"))
    amount: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    status_reason: Mapped[str] = mapped_column(String(200), default="")
    redeemed_elsewhere: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(32))

    family: Mapped[Family] = relationship(back_populates="vouchers")


class Product(Base):
    """A product on the price list. Price and ceilings are per unit (per kg for `kg`)."""

    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price"),
        CheckConstraint("unit IN ('kg', 'pcs', 'pack', 'ikat', 'liter')", name="unit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    barcode: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(ForeignKey("category.code"))
    unit: Mapped[str] = mapped_column(String(8))
    # sold in fractions of the unit (kg by weight) or in whole units only
    fractional: Mapped[bool] = mapped_column(Boolean, default=False)
    price: Mapped[int] = mapped_column(Integer)
    # hard ceiling (HET) per unit; a sale above it is refused
    ceiling: Mapped[int | None] = mapped_column(Integer)
    # reference price (eggs): shown and flagged, not enforced
    reference_price: Mapped[int | None] = mapped_column(Integer)
    low_stock_milli: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[str] = mapped_column(String(32))


# --- business facts (append-only) -----------------------------------------------------


class Sale(Base):
    """A redemption of vouchers, a cash sale, or the void of one of those.

    The receipt number is allocated per device, gap-free, in the same transaction.
    A void is a sale of kind 'void' whose lines and allocations are the negatives of the
    original's; the original row is never changed.
    """

    __tablename__ = "sale"
    __table_args__ = (
        UniqueConstraint("device_id", "receipt_seq"),
        CheckConstraint("kind IN ('redemption', 'cash', 'void')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    receipt_seq: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)  # local (WIB) date
    cashier_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    total: Mapped[int] = mapped_column(Integer)  # sum of line totals (negative for a void)
    cash_tendered: Mapped[int | None] = mapped_column(Integer)
    change_given: Mapped[int | None] = mapped_column(Integer)
    edc_approval: Mapped[str | None] = mapped_column(String(12))
    edc_rrn: Mapped[str | None] = mapped_column(String(16))
    voided_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sale.id"), unique=True)
    void_reason: Mapped[str | None] = mapped_column(String(200))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    journal_seq: Mapped[int] = mapped_column(Integer)

    lines: Mapped[list[SaleLine]] = relationship(back_populates="sale", order_by="SaleLine.line_no")
    allocations: Mapped[list[VoucherAllocation]] = relationship(
        back_populates="sale", order_by="VoucherAllocation.id"
    )


class SaleLine(Base):
    """A line of a sale; name, unit and prices are copied as they were at the sale."""

    __tablename__ = "sale_line"
    __table_args__ = (UniqueConstraint("sale_id", "line_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sale.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    product_name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(8))
    qty_milli: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(Integer)
    ceiling: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)

    sale: Mapped[Sale] = relationship(back_populates="lines")


class VoucherAllocation(Base):
    """How much of a sale's total was drawn from one voucher (negative for a void)."""

    __tablename__ = "voucher_allocation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sale.id"), index=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)

    sale: Mapped[Sale] = relationship(back_populates="allocations")


class StockDocument(Base):
    """A delivery received, an adjustment, or a stock count (opname)."""

    __tablename__ = "stock_document"
    __table_args__ = (CheckConstraint("kind IN ('delivery', 'adjustment', 'count')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    business_date: Mapped[dt.date] = mapped_column(Date)
    actor_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    supplier: Mapped[str] = mapped_column(String(120), default="")
    document_no: Mapped[str] = mapped_column(String(60), default="")
    reason: Mapped[str] = mapped_column(String(40), default="")  # damaged, lost, correction
    note: Mapped[str] = mapped_column(String(250), default="")
    journal_seq: Mapped[int] = mapped_column(Integer)


class StockMovement(Base):
    """One change of on-hand stock. On-hand of a product is the sum of its movements."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        CheckConstraint("kind IN ('delivery', 'sale', 'void', 'adjustment', 'count')", name="kind"),
        CheckConstraint("(sale_id IS NULL) != (document_id IS NULL)", name="one_source"),
        Index("ix_stock_movement_product_qty", "product_id", "qty_milli"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    qty_milli: Mapped[int] = mapped_column(Integer)  # signed: + in, - out
    kind: Mapped[str] = mapped_column(String(16))
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sale.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("stock_document.id"), index=True)
    unit_cost: Mapped[int | None] = mapped_column(Integer)  # deliveries: cost per unit
    # stock counts: what the shelf held and what the books said at the count
    counted_milli: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(32))


class DayClose(Base):
    """The closing of a business day on this device, with the totals it printed."""

    __tablename__ = "day_close"
    __table_args__ = (UniqueConstraint("device_id", "business_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    closed_at: Mapped[str] = mapped_column(String(32))
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    totals: Mapped[str] = mapped_column(Text)  # canonical JSON of the closing figures
    journal_seq: Mapped[int] = mapped_column(Integer)


class JournalEntry(Base):
    """The hash-chained journal of every fact, per device; what sync uploads."""

    __tablename__ = "journal"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int] = mapped_column(Integer)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# --- printing and sync state ----------------------------------------------------------


class PrintJob(Base):
    """A receipt waiting for, or sent to, the printer. Printing never touches the sale."""

    __tablename__ = "print_job"
    __table_args__ = (CheckConstraint("status IN ('pending', 'printed', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sale.id"), index=True)
    copy: Mapped[bool] = mapped_column(Boolean, default=False)  # a reprint (SALINAN)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(250), default="")
    created_at: Mapped[str] = mapped_column(String(32))
    printed_at: Mapped[str | None] = mapped_column(String(32))


class SyncState(Base):
    """Where this device stands with the central office (one row per device)."""

    __tablename__ = "sync_state"

    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    central_url: Mapped[str] = mapped_column(String(250), default="")
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)  # highest seq the central stored
    pull_cursor: Mapped[str] = mapped_column(String(80), default="")
    last_attempt_at: Mapped[str | None] = mapped_column(String(32))
    last_success_at: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str] = mapped_column(String(250), default="")


class SyncDispute(Base):
    """An uploaded entry the central office accepted but marked disputed (or refused)."""

    __tablename__ = "sync_dispute"
    __table_args__ = (UniqueConstraint("device_id", "seq", "reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    received_at: Mapped[str] = mapped_column(String(32))


class RosterImport(Base):
    """A roster file applied to this database (what, when, how many flags)."""

    __tablename__ = "roster_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(250))
    sha256: Mapped[str] = mapped_column(String(64))
    families: Mapped[int] = mapped_column(Integer)
    vouchers: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)


# --- shifts, cash counts and business days (issue 15) ---------------------------------


class Shift(Base):
    """One cashier's turn at this device's drawer, opened with a counted float.

    Append-only like every fact: a shift is open while it has no `ShiftClose` row. Which
    sales fall in a shift is read from the journal order (entries between its opening
    and its closing), so a sale row needs no shift column and the office can tell the same
    from the journal alone. `from_shift_id`: the shift it took the drawer over from.
    """

    __tablename__ = "shift"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    cashier_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    opened_at: Mapped[str] = mapped_column(String(32))
    float_counts: Mapped[str] = mapped_column(Text)  # canonical JSON, core.cash keys
    float_total: Mapped[int] = mapped_column(Integer)
    from_shift_id: Mapped[int | None] = mapped_column(ForeignKey("shift.id"))
    journal_seq: Mapped[int] = mapped_column(Integer)


class ShiftClose(Base):
    """The closing count of a shift (at a hand-over or at the end): counted vs expected."""

    __tablename__ = "shift_close"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"), unique=True)
    closed_at: Mapped[str] = mapped_column(String(32))
    counted_by_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    counts: Mapped[str] = mapped_column(Text)  # canonical JSON, core.cash keys
    counted_total: Mapped[int] = mapped_column(Integer)
    cash_sales: Mapped[int] = mapped_column(Integer)
    cash_voids: Mapped[int] = mapped_column(Integer)  # negative or zero
    expected: Mapped[int] = mapped_column(Integer)
    over_short: Mapped[int] = mapped_column(Integer)  # counted - expected
    reason: Mapped[str] = mapped_column(String(200), default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    handover_to_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    journal_seq: Mapped[int] = mapped_column(Integer)


class DayOpen(Base):
    """A business day opened by the manager before the calendar reached it (after the
    close of the day before). Without one, the business day is the calendar date (WIB)."""

    __tablename__ = "day_open"
    __table_args__ = (UniqueConstraint("device_id", "business_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    opened_at: Mapped[str] = mapped_column(String(32))
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    journal_seq: Mapped[int] = mapped_column(Integer)


class SaleBalance(Base):
    """What the family had left right after a sale, per open voucher month, as its receipt
    says it (`[[period, remaining], ...]`, oldest first, canonical JSON).

    Written in the sale's own transaction, so a copy printed months later says what the
    original said even after the office changed a voucher's amount. Not a fact of the
    journal (it is derived, and a rebuilt database has none: its receipts then show the
    balances computed from the rows).
    """

    __tablename__ = "sale_balance"

    sale_id: Mapped[int] = mapped_column(ForeignKey("sale.id"), primary_key=True)
    balances: Mapped[str] = mapped_column(Text)
