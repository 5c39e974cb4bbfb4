"""Pydantic v2 models of everything that crosses the wire between outlet and central office.

The same classes validate both ends: the service parses requests with them, the client
parses responses with them, and the USB transfer files are these models as JSON. Money is
int rupiah, quantities int milli-units, timestamps ISO UTC text (`core.dates.iso`).
Identifiers of people travel only as keyed hashes plus their last four digits.
"""

from __future__ import annotations

import re
from typing import Any, Generic, Literal, NotRequired, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, with_config
from typing_extensions import TypedDict  # pydantic's (typing's is refused before 3.12)

from ewarong_pos.core import journal as chain

API_PREFIX = "/api/v1"
PROTOCOL_VERSION = 1

# Bounds the service enforces and the client respects (a push is split into batches).
MAX_BATCH_ENTRIES = 500
DEFAULT_PAGE_SIZE = 2000  # about 0.6 MB of vouchers
MAX_PAGE_SIZE = 5000


# Every request of an outlet carries its PC's clock (journal time format); the office notes
# the offset per device (issue 17) and `ewarong central reconcile` lists the drifting ones.
CLOCK_HEADER = "X-Ewarong-Clock"
CLOCK_DRIFT_SECONDS = 300

# What the office's databases store: 32-bit integers (PostgreSQL `integer`), text without
# NUL and without lone surrogates, JSON nested at most this deep. A request outside these is
# refused at the wire with 422 request.malformed, never a server error.
INT_MAX = 2**31 - 1
MAX_DEPTH = 16
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(value: str) -> str:
    """The text itself, or ValueError for a NUL or a lone surrogate."""
    # ASCII text (nearly all of it) holds no surrogate: only the NUL is looked for
    if "\x00" in value if value.isascii() else _UNSTORABLE.search(value):
        raise ValueError("text with a NUL character or a lone surrogate")
    return value


def storable_json(value: Any, depth: int = 0) -> Any:
    """A JSON value whose every string and key is storable text, nested at most MAX_DEPTH.

    Every pushed journal entry's payload passes here: the common types are told apart by
    `type(...) is` before the general checks (the office's ingest is CPU-bound)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if kind is str:
        storable_text(value)
    elif kind is int or kind is bool or value is None:
        pass
    elif isinstance(value, dict):
        shallow = depth < MAX_DEPTH  # an item one level down is still within the limit
        for key, item in value.items():
            storable_text(key if type(key) is str else str(key))
            t = type(item)
            if shallow and t is str:
                storable_text(item)
            elif not shallow or not (t is int or t is bool or item is None):
                storable_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            storable_json(item, depth + 1)
    elif isinstance(value, str):
        storable_text(value)
    return value


class _Wire(BaseModel):
    """Strict about unknown fields: a typo on one side must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# A page's family and voucher rows (`_PageOf`): models or plain dicts.
FamilyT = TypeVar("FamilyT")
VoucherT = TypeVar("VoucherT")

# --- errors ---------------------------------------------------------------------------


class ErrorBody(_Wire):
    """Every refusal: a stable code (also a message code), a human detail, and numbers."""

    code: str
    detail: str = ""
    params: dict[str, int | str] = Field(default_factory=dict)


# --- enrollment -----------------------------------------------------------------------


class EnrollRequest(_Wire):
    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(min_length=8, max_length=64)  # the outlet's local Device.id
    device_code: str = Field(min_length=1, max_length=16)
    # None: a PC on its first start, which learns its outlet from the code it was given
    outlet_code: str | None = Field(default=None, min_length=1, max_length=32)

    @field_validator("code", "device_id", "device_code", "outlet_code")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        return storable_text(value) if value is not None else None


class WireOutlet(_Wire):
    """The outlet's identity as the office registered it (a first start copies it)."""

    code: str
    name: str
    address: str = ""
    kelurahan: str = ""
    kecamatan: str = ""
    city: str = ""
    phone: str = ""
    price_zone: int = 1
    complaints_line: str = ""


class EnrollResponse(_Wire):
    device_id: str
    outlet_code: str
    outlet_name: str
    token: str  # shown once; the service keeps only its hash
    lookup_key: str  # hex: the key of the central's identifier hashes
    enrolled_at: str
    outlet: WireOutlet | None = None
    # rows the outlet will pull on its first sync (families, vouchers, products, accounts):
    # the set-up screen's progress bar
    pending: int = 0


# --- push: the journal upload ---------------------------------------------------------


class WireEntry(_Wire):
    """One journal entry exactly as `core.journal.Entry` holds it."""

    device: str = Field(max_length=64)
    seq: int = Field(ge=1, le=INT_MAX)
    uuid: str = Field(max_length=64)
    kind: str = Field(max_length=40)
    at: str = Field(max_length=40)
    payload: dict[str, Any]
    prev_hash: str = Field(min_length=64, max_length=64)
    hash: str = Field(min_length=64, max_length=64)

    @field_validator("device", "uuid", "kind", "at", "prev_hash", "hash")
    @classmethod
    def _storable(cls, value: str) -> str:
        return storable_text(value)

    @field_validator("payload")
    @classmethod
    def _storable_payload(cls, value: dict[str, Any]) -> dict[str, Any]:
        storable_json(value)
        return value

    @classmethod
    def of(cls, entry: chain.Entry) -> WireEntry:
        return cls(
            device=entry.device,
            seq=entry.seq,
            uuid=entry.uuid,
            kind=entry.kind,
            at=entry.at,
            payload=entry.payload,
            prev_hash=entry.prev_hash,
            hash=entry.hash,
        )

    def to_entry(self) -> chain.Entry:
        return chain.Entry(
            device=self.device,
            seq=self.seq,
            uuid=self.uuid,
            kind=self.kind,
            at=self.at,
            payload=dict(self.payload),
            prev_hash=self.prev_hash,
            hash=self.hash,
        )


class PushRequest(_Wire):
    outlet_code: str = Field(max_length=32)
    device_id: str = Field(max_length=64)
    entries: list[WireEntry] = Field(max_length=MAX_BATCH_ENTRIES)

    @field_validator("outlet_code", "device_id")
    @classmethod
    def _storable(cls, value: str) -> str:
        return storable_text(value)


class DisputedEntry(_Wire):
    """An entry stored as the fact it is, but marked for reconciliation."""

    seq: int
    reason: str  # 'voucher.over_redeemed', 'voucher.unknown', ...
    voucher: str | None = None
    amount: int = 0  # what the entry drew from the voucher
    redeemed: int = 0  # the voucher's redeemed total after this entry
    limit: int = 0  # the voucher's amount


class PushAck(_Wire):
    """The service's answer: everything up to `stored_up_to` is safely stored."""

    device_id: str
    stored_up_to: int  # highest contiguous seq the service holds for this device
    stored: list[int] = Field(default_factory=list)  # newly stored by this request
    duplicates: list[int] = Field(default_factory=list)  # already held, same content
    disputed: list[DisputedEntry] = Field(default_factory=list)


class JournalPage(_Wire):
    """The device's own journal as the service holds it (to rebuild a lost PC)."""

    device_id: str
    entries: list[WireEntry]
    more: bool
    stored_up_to: int


# --- pull: reference data scoped to the outlet ----------------------------------------


class WireCategory(_Wire):
    code: str
    name_id: str
    name_en: str


class WirePeriod(_Wire):
    code: str  # YYYY-MM
    amount: int
    eligible_categories: list[str]
    valid_from: str  # YYYY-MM-DD
    valid_until: str


class WireFamily(_Wire):
    dtks_id: str
    name: str
    address: str = ""
    rt_rw: str = ""
    kelurahan: str = ""
    kecamatan: str = ""
    nik_hash: str
    nik_last4: str
    kk_hash: str
    kk_last4: str
    card_hash: str | None = None
    card_last4: str = ""
    card_bank: str = ""
    outlet_code: str
    status: Literal["active", "suspended", "removed"]
    status_reason: str = ""
    flags: str = ""
    updated_at: str
    # core.identifiers.HASH_VERSION of the three hashes; an office that has not re-hashed
    # sends none (1): the outlet re-hashes on arrival (docs/data-safety.md)
    hash_version: int = 1


class WireVoucher(_Wire):
    code: str
    family: str  # dtks_id
    period: str
    amount: int
    valid_from: str
    valid_until: str
    status: Literal["open", "revoked", "blocked"]
    status_reason: str = ""
    # what the central office knows was redeemed on OTHER devices (this device's own
    # redemptions are already in its own allocations)
    redeemed_elsewhere: int = 0
    updated_at: str


class WireProduct(_Wire):
    sku: str
    barcode: str | None = None
    name: str
    category: str
    unit: Literal["kg", "pcs", "pack", "ikat", "liter"]
    fractional: bool = False
    price: int = Field(ge=0)
    ceiling: int | None = None
    reference_price: int | None = None
    active: bool = True
    updated_at: str


class WireAccount(_Wire):
    username: str
    display_name: str
    role: Literal["cashier", "manager", "supervisor"]
    pin_hash: str  # argon2id, never the PIN
    active: bool = True


@with_config(ConfigDict(extra="forbid"))
class FamilyRow(TypedDict):
    """A `WireFamily` as the outlet reads a pulled page: the same keys, types and checks,
    kept as a plain dict (a key with a default in `WireFamily` may be absent: read it with
    that default). A dict of strings and numbers is invisible to the cyclic garbage
    collector; a model object per row is not (a first sync's 21,000 of them cost the
    outlet ~40 ms of collections)."""

    dtks_id: str
    name: str
    address: NotRequired[str]
    rt_rw: NotRequired[str]
    kelurahan: NotRequired[str]
    kecamatan: NotRequired[str]
    nik_hash: str
    nik_last4: str
    kk_hash: str
    kk_last4: str
    card_hash: NotRequired[str | None]
    card_last4: NotRequired[str]
    card_bank: NotRequired[str]
    outlet_code: str
    status: Literal["active", "suspended", "removed"]
    status_reason: NotRequired[str]
    flags: NotRequired[str]
    updated_at: str
    hash_version: NotRequired[int]


@with_config(ConfigDict(extra="forbid"))
class VoucherRow(TypedDict):
    """A `WireVoucher` as the outlet reads a pulled page (see `FamilyRow`)."""

    code: str
    family: str
    period: str
    amount: int
    valid_from: str
    valid_until: str
    status: Literal["open", "revoked", "blocked"]
    status_reason: NotRequired[str]
    redeemed_elsewhere: NotRequired[int]
    updated_at: str


class _PageOf(_Wire, Generic[FamilyT, VoucherT]):
    """The fields of a page of changes, its families and vouchers of either reading
    (`PullPage`: models, as the office sends and documents them; `PulledPage`: plain
    dicts, as the outlet applies them)."""

    since: int
    cursor: int
    more: bool
    categories: list[WireCategory] = Field(default_factory=list)
    periods: list[WirePeriod] = Field(default_factory=list)
    families: list[FamilyT] = Field(default_factory=list)
    vouchers: list[VoucherT] = Field(default_factory=list)
    products: list[WireProduct] = Field(default_factory=list)
    accounts: list[WireAccount] = Field(default_factory=list)
    # disputes the service holds against this device (so a re-synced PC still knows)
    disputed: list[DisputedEntry] = Field(default_factory=list)
    stored_up_to: int = 0  # the device's upload position as the service sees it


class PullPage(_PageOf[WireFamily, WireVoucher]):
    """One page of changes after `since`; apply it in one transaction, then ask again
    with `cursor` while `more` is true."""


class PulledPage(_PageOf[FamilyRow, VoucherRow]):
    """A `PullPage` as the outlet reads it from the office: the same fields and checks,
    its families and vouchers as `FamilyRow` / `VoucherRow` dicts
    (tests/sync/test_pull.py holds the two in step)."""

    @classmethod
    def of(cls, page: PullPage) -> PulledPage:
        """The same page read from its models (a USB file's, a set-up file's)."""
        return cls.model_validate(page.model_dump())


# --- USB transfer files -----------------------------------------------------------------


class PushFile(_Wire):
    """`ewarong sync export`: the pending journal of one device, for `central import`."""

    format: Literal["ewarong-push"] = "ewarong-push"
    version: int = PROTOCOL_VERSION
    created_at: str
    batch: PushRequest
    # HMAC-SHA256 (hex) of the canonical batch, keyed by the device's token hash
    mac: str


class DeviceTransfer(_Wire):
    """The changes for one device of the outlet (`redeemed_elsewhere` is per device)."""

    device_id: str
    pages: list[PullPage]
    mac: str  # HMAC-SHA256 (hex) of the canonical pages, keyed by the device's token hash


class PullFile(_Wire):
    """`ewarong central export --outlet CODE`: the outlet's changes, for `sync import`."""

    format: Literal["ewarong-pull"] = "ewarong-pull"
    version: int = PROTOCOL_VERSION
    created_at: str
    outlet_code: str
    devices: list[DeviceTransfer]


class SetupContent(_Wire):
    """What a set-up file carries once opened: the enrollment (token included), where the
    office is and its certificate, and every change the new outlet needs."""

    enrollment: EnrollResponse
    device_code: str = "K1"  # the till's code, printed in its receipt numbers
    central_url: str = ""
    tls_pin: str = ""  # SHA-256 (hex) of the office certificate (DER), "" for none
    tls_cert: str = ""  # the certificate itself (PEM), pinned by the outlet
    pages: list[PullPage] = Field(default_factory=list)


class SetupFile(_Wire):
    """`ewarong central export --outlet CODE --setup FILE`: a new outlet without network.

    The content is encrypted (AES-256-GCM) with a key derived (scrypt) from the one-time
    code printed with the file: the file alone on a USB stick opens for nobody, and an
    altered file fails the GCM tag (`protocol.setupfile`)."""

    format: Literal["ewarong-setup"] = "ewarong-setup"
    version: int = PROTOCOL_VERSION
    created_at: str
    outlet_code: str
    salt: str  # hex
    nonce: str  # hex
    data: str  # base64 of the ciphertext of SetupContent's JSON


# --- status ------------------------------------------------------------------------------


class Health(_Wire):
    status: Literal["ok"] = "ok"
    version: int = PROTOCOL_VERSION
