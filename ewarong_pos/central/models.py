"""SQLAlchemy models of the central office database (SQLite or PostgreSQL, same code).

Reference data rows (categories, periods, families, vouchers, products, accounts) carry a
`version`: a change number from the stream of the outlets that see the row (`ChangeStream`,
central/changes.py), so an outlet pulls "everything after cursor N" across all tables in
one order. Journal entries
are stored once per (device, seq), exactly as the outlet's chain holds them. Dates are
`YYYY-MM-DD` text and timestamps ISO UTC text, the same on both databases.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

GENESIS = "0" * 64


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """Service-wide values (the identifier lookup key, as hex)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeStream(Base):
    """An outlet's change stream ('*': the reference data every outlet sees): the last
    change number handed out; its row lock orders the changes that outlet can pull."""

    __tablename__ = "change_stream"

    outlet_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


# --- outlets and devices ------------------------------------------------------------------


class Outlet(Base):
    __tablename__ = "outlet"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[str] = mapped_column(String(32))
    # the identity a new outlet PC copies at its first start (migration cs001)
    address: Mapped[str] = mapped_column(String(250), default="", server_default="")
    kelurahan: Mapped[str] = mapped_column(String(80), default="", server_default="")
    kecamatan: Mapped[str] = mapped_column(String(80), default="", server_default="")
    city: Mapped[str] = mapped_column(String(80), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    price_zone: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    complaints_line: Mapped[str] = mapped_column(String(120), default="", server_default="")


class EnrollmentCode(Base):
    """A one-time code the office hands to an outlet; only its hash is kept."""

    __tablename__ = "enrollment_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlet.code"), index=True)
    created_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str] = mapped_column(String(32))
    used_at: Mapped[str | None] = mapped_column(String(32))
    used_by: Mapped[str | None] = mapped_column(String(64))


class Device(Base):
    """A till of an outlet, identified by the outlet's own Device.id; token as a hash."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlet.code"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")
    last_seq: Mapped[int] = mapped_column(Integer, default=0)  # contiguous, stored
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    last_push_at: Mapped[str | None] = mapped_column(String(32))
    last_pull_at: Mapped[str | None] = mapped_column(String(32))
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)  # confirmed by the device
    sent_cursor: Mapped[int] = mapped_column(Integer, default=0)  # last page handed out
    # the device's clock minus the office's, in seconds, at its last push or pull (ck001)
    clock_offset_s: Mapped[int | None] = mapped_column(Integer)
    clock_seen_at: Mapped[str | None] = mapped_column(String(32))
    # the app version the device last named in its User-Agent at a push or pull (cv001)
    app_version: Mapped[str | None] = mapped_column(String(32))


# --- reference data -----------------------------------------------------------------------


class Category(Base):
    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, index=True)


class Period(Base):
    __tablename__ = "period"

    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    eligible_categories: Mapped[str] = mapped_column(String(400))
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_until: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer, index=True)


class Family(Base):
    """A beneficiary family; NIK, KK and card only as keyed hashes (central key) + last 4."""

    __tablename__ = "family"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'removed')", name="status"),
        Index("ix_family_outlet_version", "outlet_code", "version"),
        Index("ix_family_prev_outlet_version", "prev_outlet_code", "version"),
    )

    dtks_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(250), default="")
    rt_rw: Mapped[str] = mapped_column(String(16), default="")
    kelurahan: Mapped[str] = mapped_column(String(80), default="")
    kecamatan: Mapped[str] = mapped_column(String(80), default="")
    nik_hash: Mapped[str] = mapped_column(String(64), index=True)
    nik_last4: Mapped[str] = mapped_column(String(4))
    kk_hash: Mapped[str] = mapped_column(String(64))
    kk_last4: Mapped[str] = mapped_column(String(4))
    card_hash: Mapped[str | None] = mapped_column(String(64))
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    card_bank: Mapped[str] = mapped_column(String(16), default="")
    outlet_code: Mapped[str] = mapped_column(String(32))
    # the outlet it was assigned to before, which must learn that it moved away
    prev_outlet_code: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_reason: Mapped[str] = mapped_column(String(200), default="")
    flags: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, index=True)


class Voucher(Base):
    """A family's monthly tranche; `redeemed` is the sum over every device's entries.

    `outlet_code` is a copy of its family's outlet, set and kept in step by database
    triggers (migration c0002) whoever writes the rows, so an outlet's page of vouchers is
    a range of the `(outlet_code, version)` index instead of a join over all its families.
    """

    __tablename__ = "voucher"
    __table_args__ = (
        UniqueConstraint("family_dtks", "period"),
        CheckConstraint("status IN ('open', 'revoked', 'blocked')", name="status"),
        Index("ix_voucher_outlet_version", "outlet_code", "version"),
    )

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_dtks: Mapped[str] = mapped_column(ForeignKey("family.dtks_id"))
    period: Mapped[str] = mapped_column(ForeignKey("period.code"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_until: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="open")
    status_reason: Mapped[str] = mapped_column(String(200), default="")
    redeemed: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)  # (outlet_code, version) below
    outlet_code: Mapped[str | None] = mapped_column(String(32))


class Product(Base):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price"),
        CheckConstraint("unit IN ('kg', 'pcs', 'pack', 'ikat', 'liter')", name="unit"),
    )

    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    barcode: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(ForeignKey("category.code"))
    unit: Mapped[str] = mapped_column(String(8))
    fractional: Mapped[bool] = mapped_column(Boolean, default=False)
    price: Mapped[int] = mapped_column(Integer)
    ceiling: Mapped[int | None] = mapped_column(Integer)
    reference_price: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, index=True)


class Account(Base):
    """A person who may use an outlet's tills; PIN only as an argon2id hash."""

    __tablename__ = "account"
    __table_args__ = (
        UniqueConstraint("outlet_code", "username"),
        CheckConstraint("role IN ('cashier', 'manager', 'supervisor')", name="role"),
        Index("ix_account_outlet_version", "outlet_code", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_code: Mapped[str] = mapped_column(ForeignKey("outlet.code"))
    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, index=True)


# --- what the outlets uploaded ------------------------------------------------------------


class JournalEntry(Base):
    """An outlet journal entry, stored exactly once, byte for byte as it was hashed."""

    __tablename__ = "journal"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int] = mapped_column(Integer)
    uuid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(32))
    via: Mapped[str] = mapped_column(String(8), default="http")  # 'http' or 'file'
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)


class Sale(Base):
    """A sale entry read out of the journal, for totals and reconciliation."""

    __tablename__ = "sale"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int] = mapped_column(Integer)
    sale_uuid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    outlet_code: Mapped[str] = mapped_column(String(32), index=True)
    business_date: Mapped[str] = mapped_column(String(10))
    receipt_no: Mapped[str] = mapped_column(String(40))
    receipt_seq: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)


class Redemption(Base):
    """One allocation of a sale to a voucher (negative for a void)."""

    __tablename__ = "redemption"
    __table_args__ = (Index("ix_redemption_voucher_device", "voucher_code", "device_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int] = mapped_column(Integer)
    outlet_code: Mapped[str] = mapped_column(String(32), index=True)
    voucher_code: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(7))
    amount: Mapped[int] = mapped_column(Integer)


class Dispute(Base):
    """An entry accepted as the fact it is but marked for reconciliation."""

    __tablename__ = "dispute"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    outlet_code: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(String(60))
    voucher_code: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(7), default="")
    amount: Mapped[int] = mapped_column(Integer, default=0)
    redeemed: Mapped[int] = mapped_column(Integer, default=0)
    limit_amount: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(32))


class Refusal(Base):
    """Every refused request, with its reason (tampering attempts among them)."""

    __tablename__ = "refusal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    device_id: Mapped[str | None] = mapped_column(String(64), index=True)
    outlet_code: Mapped[str | None] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(String(500), default="")


# --- office staff and the console (issue 18) ----------------------------------------------


class Staff(Base):
    """A person at the office who uses the console; password only as an argon2id hash."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("role IN ('admin', 'operator', 'auditor')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))


class StaffSession(Base):
    """A signed-in browser: the cookie holds a random token, only its hash is kept here."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    last_seen_at: Mapped[str] = mapped_column(String(32))
    ip: Mapped[str] = mapped_column(String(64), default="")


class StaffToken(Base):
    """A staff member's API token for scripts (shown once, kept as a hash)."""

    __tablename__ = "staff_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))


class StaffAudit(Base):
    """Every staff action (and sign-in attempt): who, what, when, from where."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    username: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    ok: Mapped[bool] = mapped_column(Boolean, default=True)


class RosterImport(Base):
    """A roster file checked or applied at the office (its counts, never its contents)."""

    __tablename__ = "roster_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    username: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # 'applied' or 'rejected'
    families: Mapped[int] = mapped_column(Integer, default=0)
    vouchers: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    moved: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)


class ProductChange(Base):
    """A product's price, ceiling (HET) and reference price as set, one row per change."""

    __tablename__ = "product_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), index=True)
    at: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(40), default="")
    price: Mapped[int] = mapped_column(Integer)
    ceiling: Mapped[int | None] = mapped_column(Integer)
    reference_price: Mapped[int | None] = mapped_column(Integer)


class DisputeResolution(Base):
    """How the office settled a disputed entry (the dispute itself stays as it was)."""

    __tablename__ = "dispute_resolution"

    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id"), primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(500))
