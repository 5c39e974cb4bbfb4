"""The stock screen: levels with categories, and the three stock documents."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ewarong_pos.services import catalog, stock
from ewarong_pos.services.context import Context
from ewarong_pos.services.stock import StockDocResult, StockLevel
from ewarong_pos.ui.ops.jobs import Change, DbJob


@dataclass(frozen=True)
class StockScreen:
    levels: tuple[StockLevel, ...]
    fractional: dict[int, bool]  # product id -> sold by weight
    categories: dict[str, tuple[str, str]]  # code -> (Indonesian, English) name


def _stock_screen(ctx: Context) -> StockScreen:
    levels = tuple(stock.stock_levels(ctx))
    fractional = {p.id: bool(p.fractional) for p in catalog.product_list(ctx)}
    categories = {c.code: (c.name_id, c.name_en) for c in catalog.category_list(ctx)}
    return StockScreen(levels, fractional, categories)


def stock_levels(ctx: Context) -> DbJob[StockScreen]:
    return DbJob("stock.levels", partial(_stock_screen, ctx))


@dataclass(frozen=True)
class StockRequest:
    kind: str  # delivery | adjustment | count
    actor_id: int
    lines: tuple[tuple[int, int, int | None], ...]  # product_id, qty_milli, unit_cost
    supplier: str = ""
    document_no: str = ""
    reason: str = ""
    note: str = ""
    doc_uuid: str | None = None


def _save(ctx: Context, req: StockRequest) -> StockDocResult:
    if req.kind == "delivery":
        lines = [stock.DeliveryLine(pid, qty, cost or 0) for pid, qty, cost in req.lines]
        return stock.receive_delivery(
            ctx, req.actor_id, req.supplier, req.document_no, lines, note=req.note,
            doc_uuid=req.doc_uuid,
        )  # fmt: skip
    if req.kind == "adjustment":
        adj = [stock.AdjustmentLine(pid, qty) for pid, qty, _ in req.lines]
        return stock.adjust_stock(
            ctx, req.actor_id, req.reason, adj, note=req.note, doc_uuid=req.doc_uuid
        )
    counted = [stock.CountLine(pid, qty) for pid, qty, _ in req.lines]
    return stock.count_stock(ctx, req.actor_id, counted, note=req.note, doc_uuid=req.doc_uuid)


def save_stock_document(ctx: Context, req: StockRequest) -> DbJob[StockDocResult]:
    return DbJob("stock.save", partial(_save, ctx, req), frozenset({Change.STOCK, Change.JOURNAL}))
