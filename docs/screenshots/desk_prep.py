"""Prepare a demo outlet for the scripted shift (desk_shift.sh) and print what it scans.

    python docs/screenshots/desk_prep.py DATA_DIR  ->  shell variables on stdout

A small demo outlet (40 families, 4 months up to today), one family with a card made
suspended, and the codes the script scans: a card, a NIK, product barcodes, the PINs.
The numbers are the demo's made-up ones (services.demo), never a real person's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import select, update

from ewarong_pos.db.models import Family, Product
from ewarong_pos.services import demo
from ewarong_pos.services.context import open_outlet


def main(root: str) -> None:
    ctx = open_outlet(Path(root))
    try:
        info = demo.build_demo(ctx, kpm=40, months=4, seed=2018)
        families = [
            f
            for f in demo.demo_families(2018, 40)
            if f.card and f.status == "active" and not f.flags
        ]
        served, other, suspended = families[0], families[1], families[2]
        with ctx.db.write() as s:
            s.execute(
                update(Family)
                .where(Family.dtks_id == suspended.dtks_id)
                .values(status="suspended", status_reason="data ganda sedang diperiksa")
            )
        with ctx.db.read() as s:
            codes = {p.sku: p.barcode for p in s.scalars(select(Product))}
        pins = {a.username: a.pin for a in info.accounts}
    finally:
        ctx.close()
    out = {
        "CARD_A": served.card,
        "CARD_B": other.card,
        "NIK_SUSPENDED": suspended.nik,
        "RICE5": codes["BRS-MED-05"],
        "RICE10": codes["BRS-MED-10"],
        "PREMIUM5": codes["BRS-PRM-05"],
        "PIN_KASIR": pins["kasir"],
    }
    for key, value in out.items():
        print(f"{key}={json.dumps(value)}")


if __name__ == "__main__":
    main(sys.argv[1])
