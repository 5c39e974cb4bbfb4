"""The smoke test's two jobs: the account to show, the newest sale's receipt rendered."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy import select

from ewarong_pos.db.models import Sale
from ewarong_pos.services import accounts, printing
from ewarong_pos.services.accounts import AccountStatus
from ewarong_pos.services.context import Context
from ewarong_pos.ui.ops.jobs import DbJob


def _account(ctx: Context) -> AccountStatus | None:
    found = accounts.list_accounts(ctx, include_inactive=False)
    cashiers = [a for a in found if a.role == "cashier"]
    return (cashiers or found)[0] if found else None


def smoke_account(ctx: Context) -> DbJob[AccountStatus | None]:
    """The first cashier (or any account) to show the logged-in window; None if none."""
    return DbJob("smoke.account", partial(_account, ctx))


def _receipt(ctx: Context, out_dir: Path) -> list[str]:
    from ewarong_pos.printing.escpos import PaperSpec, render_receipt
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.pdf_receipt import render_receipt_pdf

    with ctx.db.read() as s:
        sale_id = s.scalar(select(Sale.id).order_by(Sale.id.desc()).limit(1))
    if sale_id is None:
        raise RuntimeError("the demo outlet has no sale to print a receipt of")
    receipt = printing.receipt_for(ctx, int(sale_id))
    labels = Labels.for_lang("id")
    escpos = render_receipt(receipt, labels, PaperSpec(58, "", "a", 0))
    pdf = render_receipt_pdf(receipt, labels, 58)
    if not escpos.startswith(b"\x1b@") or not pdf.startswith(b"%PDF"):
        raise RuntimeError("the receipt did not render as ESC/POS and PDF")
    (out_dir / "smoke-receipt.escpos").write_bytes(escpos)
    (out_dir / "smoke-receipt.pdf").write_bytes(pdf)
    return [
        f"receipt {receipt.receipt_no} rendered to ESC/POS ({len(escpos)} bytes)",
        f"receipt {receipt.receipt_no} rendered to PDF ({len(pdf)} bytes)",
    ]


def smoke_receipt(ctx: Context, out_dir: Path) -> DbJob[list[str]]:
    """Render the newest sale's receipt to ESC/POS bytes and to PDF (files in out_dir)."""
    return DbJob("smoke.receipt", partial(_receipt, ctx, Path(out_dir)))
