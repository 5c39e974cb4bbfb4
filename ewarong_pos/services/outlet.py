"""Set up the outlet and this PC's device row; read the outlet's overview."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from ewarong_pos.db import journal
from ewarong_pos.db.models import Device, Family, Outlet, Product, SyncState, Voucher
from ewarong_pos.db.queries import on_hand
from ewarong_pos.services.context import Context


@dataclass(frozen=True)
class OutletInfo:
    code: str
    name: str
    address: str
    city: str
    device_id: str
    device_code: str


@dataclass(frozen=True)
class Overview:
    outlet: OutletInfo
    families: int
    open_vouchers: int
    products_in_stock: int
    enrolled: bool


def setup_outlet(
    ctx: Context,
    code: str,
    name: str,
    *,
    address: str = "",
    kelurahan: str = "",
    kecamatan: str = "",
    city: str = "",
    phone: str = "",
    price_zone: int = 1,
    complaints_line: str = "",
    device_code: str = "K1",
    device_id: str | None = None,
) -> OutletInfo:
    """Create the outlet row and the local device (first entry of its journal).

    `device_id`: the id the central office enrolled this PC under (a first start from
    the office); by default a new one, which enrollment keeps."""
    now = ctx.now_iso()
    with ctx.db.write() as s:
        if s.scalar(select(func.count()).select_from(Outlet)):
            raise ValueError("the outlet is already set up in this data folder")
        s.add(
            Outlet(
                code=code,
                name=name,
                address=address,
                kelurahan=kelurahan,
                kecamatan=kecamatan,
                city=city,
                phone=phone,
                price_zone=price_zone,
                complaints_line=complaints_line,
                created_at=now,
            )
        )
        s.flush()  # no relationship() links these rows: flush in foreign-key order
        device = Device(
            id=device_id or str(uuid.uuid4()),
            outlet_code=code,
            code=device_code,
            name=device_code,
            is_local=True,
            created_at=now,
        )
        s.add(device)
        s.flush()
        s.add(SyncState(device_id=device.id))
        s.flush()
        journal.append(
            s,
            device.id,
            "device.setup",
            {"outlet": code, "outlet_name": name, "device_code": device_code},
            now,
        )
    ctx.forget_device()
    return OutletInfo(code, name, address, city, device.id, device_code)


def outlet_info(ctx: Context) -> OutletInfo:
    with ctx.db.read() as s:
        outlet = s.scalars(select(Outlet)).one()
        device = s.scalars(select(Device).where(Device.is_local.is_(True))).one()
        return OutletInfo(
            outlet.code, outlet.name, outlet.address, outlet.city, device.id, device.code
        )


def is_set_up(ctx: Context) -> bool:
    with ctx.db.read() as s:
        return bool(s.scalar(select(func.count()).select_from(Outlet)))


def overview(ctx: Context) -> Overview:
    """What the first screen shows: families, open vouchers, stock, enrollment."""
    info = outlet_info(ctx)
    with ctx.db.read() as s:
        families = s.scalar(
            select(func.count()).select_from(Family).where(Family.outlet_code == info.code)
        )
        # only this outlet's families: a city-wide roster holds millions of vouchers
        open_vouchers = s.scalar(
            select(func.count())
            .select_from(Voucher)
            .join(Family, Family.id == Voucher.family_id)
            .where(Family.outlet_code == info.code, Voucher.status == "open")
        )
        stock = on_hand(s)
        in_stock = s.scalar(
            select(func.count())
            .select_from(Product)
            .where(Product.id.in_([pid for pid, q in stock.items() if q > 0]))
        )
        device = s.get(Device, info.device_id)
        enrolled = bool(device and device.enrolled_at)
    return Overview(info, int(families or 0), int(open_vouchers or 0), int(in_stock or 0), enrolled)
