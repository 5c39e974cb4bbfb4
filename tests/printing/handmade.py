"""Sales written straight through the models (while the sales service is not in use).

Each sale is a committed row set with its journal entry, the way the counter writes it,
so receipts and reports can be read back against the database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from ewarong_pos.core.dates import WIB
from ewarong_pos.core.money import line_total
from ewarong_pos.db import journal
from ewarong_pos.db.models import (
    Account,
    Category,
    Device,
    Family,
    Period,
    Product,
    Sale,
    SaleLine,
    StockMovement,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.services.context import Context


@dataclass(frozen=True)
class World:
    cashier_id: int
    families: list[int]
    products: dict[str, int]


def seed(
    ctx: Context, families: int = 3, periods: tuple[str, ...] = ("2018-03", "2018-04")
) -> World:
    now = ctx.now_iso()
    with ctx.db.write() as s:
        s.add_all(
            [
                Category(code="beras", name_id="Beras", name_en="Rice"),
                Category(code="telur", name_id="Telur", name_en="Eggs"),
                Category(code="minyak", name_id="Minyak", name_en="Oil"),
            ]
        )
        for code in periods:
            y, m = map(int, code.split("-"))
            s.add(
                Period(
                    code=code,
                    amount=110_000,
                    eligible_categories="beras,telur",
                    valid_from=dt.date(y, m, 1),
                    valid_until=dt.date(y + 1, m, 1),
                )
            )
        s.flush()
        account = Account(
            username="budi",
            display_name="Budi Santoso",
            role="cashier",
            pin_hash="x",
            created_at=now,
        )
        s.add(account)
        products = {
            "BRS-M": Product(
                sku="BRS-M",
                name="Beras Medium",
                category="beras",
                unit="kg",
                fractional=True,
                price=9_450,
                ceiling=9_450,
                updated_at=now,
            ),
            "BRS-P": Product(
                sku="BRS-P",
                name="Beras Premium Cap Bunga Melati Wangi Pulen Super",
                category="beras",
                unit="kg",
                fractional=True,
                price=12_800,
                ceiling=12_800,
                updated_at=now,
            ),
            "TLR": Product(
                sku="TLR",
                name="Telur Ayam Ras",
                category="telur",
                unit="kg",
                fractional=True,
                price=23_000,
                reference_price=23_000,
                updated_at=now,
            ),
            "MNY": Product(
                sku="MNY",
                name="Minyak Goreng 1 L",
                category="minyak",
                unit="pcs",
                price=14_000,
                updated_at=now,
            ),
        }
        s.add_all(products.values())
        s.flush()
        fam_ids = []
        names = ["Siti Aminah Binti Ahmad", "Sri Wahyuni", "Ahmad Fauzi"]
        for i in range(families):
            fam = Family(
                dtks_id=f"DTKS-{i + 1:05d}",
                name=names[i % 3] + ("" if i < 3 else f" {i}"),
                address=f"Jl. Kenanga No. {i + 1}",
                rt_rw="003/007",
                kelurahan="Kebon Melati",
                kecamatan="Tanah Abang",
                nik_hash=f"nik{i}",
                nik_last4=f"{1000 + i}",
                kk_hash=f"kk{i}",
                kk_last4=f"{2000 + i}",
                card_hash=f"card{i}",
                card_last4=f"{3000 + i}",
                card_bank="BNI",
                outlet_code="EW-3171-0001",
                updated_at=now,
            )
            s.add(fam)
            s.flush()
            fam_ids.append(fam.id)
            for code in periods:
                y, m = map(int, code.split("-"))
                s.add(
                    Voucher(
                        code=f"V-{code}-{i}",
                        family_id=fam.id,
                        period=code,
                        amount=110_000,
                        valid_from=dt.date(y, m, 1),
                        valid_until=dt.date(y + 1, m, 1),
                        updated_at=now,
                    )
                )
        s.flush()
        return World(account.id, fam_ids, {k: p.id for k, p in products.items()})


def make_sale(
    ctx: Context,
    world: World,
    lines: list[tuple[str, int]],
    *,
    family_id: int | None = None,
    cash_tendered: int | None = None,
    voids: int | None = None,
    reason: str | None = None,
) -> int:
    """Write one sale (redemption if family_id, cash if cash_tendered, void if voids)."""
    now = ctx.now_iso()
    with ctx.db.write() as s:
        device = s.scalars(select(Device).where(Device.is_local.is_(True))).one()
        seq = (
            s.scalar(select(Sale.receipt_seq).order_by(Sale.receipt_seq.desc()).limit(1)) or 0
        ) + 1
        if voids is not None:
            original = s.get(Sale, voids)
            assert original is not None
            kind = "void"
            family_id = original.family_id
            rows = [
                (s.get(Product, ln.product_id), -ln.qty_milli, ln.unit_price, -ln.total)
                for ln in original.lines
            ]
            allocs = [(a.voucher_id, -a.amount) for a in original.allocations]
        else:
            kind = "redemption" if family_id is not None else "cash"
            rows = []
            for sku, qty in lines:
                product = s.get(Product, world.products[sku])
                rows.append((product, qty, product.price, line_total(product.price, qty)))
            allocs = []
        total = sum(r[3] for r in rows)
        if kind == "redemption":
            left = total
            vouchers = s.scalars(
                select(Voucher).where(Voucher.family_id == family_id).order_by(Voucher.period)
            ).all()
            for v in vouchers:
                spent = sum(
                    a.amount
                    for a in s.scalars(
                        select(VoucherAllocation).where(VoucherAllocation.voucher_id == v.id)
                    )
                )
                room = v.amount - spent
                take = min(room, left)
                if take > 0:
                    allocs.append((v.id, take))
                    left -= take
            assert left == 0
        receipt_no = f"{device.code}-{seq:06d}"
        sale_uuid = str(uuid.uuid4())
        entry = journal.append(
            s,
            device.id,
            f"sale.{kind}",
            {"sale": sale_uuid, "receipt_no": receipt_no, "total": total},
            now,
        )
        sale = Sale(
            uuid=sale_uuid,
            device_id=device.id,
            receipt_seq=seq,
            receipt_no=receipt_no,
            kind=kind,
            created_at=now,
            business_date=ctx.clock().astimezone(WIB).date(),
            cashier_id=world.cashier_id,
            family_id=family_id,
            total=total,
            cash_tendered=cash_tendered,
            change_given=(cash_tendered - total) if cash_tendered is not None else None,
            voided_sale_id=voids,
            void_reason=reason,
            journal_seq=entry.seq,
        )
        s.add(sale)
        s.flush()
        for n, (product, qty, price, tot) in enumerate(rows, start=1):
            s.add(
                SaleLine(
                    sale_id=sale.id,
                    line_no=n,
                    product_id=product.id,
                    product_name=product.name,
                    unit=product.unit,
                    qty_milli=qty,
                    unit_price=price,
                    ceiling=product.ceiling,
                    total=tot,
                )
            )
            s.add(
                StockMovement(
                    product_id=product.id,
                    qty_milli=-qty,
                    kind="void" if voids else "sale",
                    sale_id=sale.id,
                    created_at=now,
                )
            )
        for vid, amount in allocs:
            s.add(VoucherAllocation(sale_id=sale.id, voucher_id=vid, amount=amount))
        s.flush()
        return sale.id
