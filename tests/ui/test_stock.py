"""Stock screen: low-stock marks, receiving a delivery and a stock count, as the DB holds them."""

from __future__ import annotations

from sqlalchemy import select

from ewarong_pos.db.models import StockDocument, StockMovement
from ewarong_pos.db.queries import on_hand
from tests.ui.conftest import idle, login


def _stock(qtbot, window):
    login(qtbot, window)
    view = window.views["stock"]
    with qtbot.waitSignal(view.levels_loaded, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    return view


def test_low_stock_is_marked(qtbot, window, seed):
    view = _stock(qtbot, window)
    # oil: 6 litres on hand, low mark at 12 litres
    names = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert "⚠ Minyak Goreng 1 L" in names
    assert "Beras Medium" in names  # 100 kg on hand, mark at 50 kg: not low
    assert view.low_label.text() == "Stok rendah: 1 produk"


def test_receive_a_delivery(qtbot, window, ctx, seed):
    view = _stock(qtbot, window)
    view.kind.setCurrentIndex(view.kind.findData("delivery"))
    view.supplier.setText("Perum Bulog")
    view.document_no.setText("SJ-2018-0412")
    view.set_quantity(seed.rice_id, "50", "8.500")
    view.set_quantity(seed.egg_id, "12,5", "20.000")
    with qtbot.waitSignal(view.document_saved, timeout=10_000) as saved:
        view.save_button.click()
    idle(qtbot, window)
    assert saved.args[0].kind == "delivery"
    with ctx.db.read() as s:
        doc = s.scalars(
            select(StockDocument).where(StockDocument.document_no == "SJ-2018-0412")
        ).one()
        assert doc.supplier == "Perum Bulog" and doc.actor_id == window.account.id
        moves = {
            m.product_id: (m.qty_milli, m.unit_cost)
            for m in s.scalars(select(StockMovement).where(StockMovement.document_id == doc.id))
        }
        assert moves == {seed.rice_id: (50_000, 8_500), seed.egg_id: (12_500, 20_000)}
        assert on_hand(s)[seed.rice_id] == 150_000
    assert "tersimpan" in view.notice.text()


def test_a_delivery_without_cost_is_refused_and_changes_nothing(qtbot, window, ctx, seed):
    view = _stock(qtbot, window)
    view.supplier.setText("Perum Bulog")
    view.document_no.setText("SJ-9")
    view.set_quantity(seed.rice_id, "5")
    with qtbot.waitSignal(view.refused, timeout=10_000) as refused:
        view.save_button.click()
    assert "Beras Medium" in refused.args[0]
    with ctx.db.read() as s:
        assert s.scalar(select(StockDocument).where(StockDocument.document_no == "SJ-9")) is None


def test_stock_count(qtbot, window, ctx, seed):
    view = _stock(qtbot, window)
    view.kind.setCurrentIndex(view.kind.findData("count"))
    view.set_quantity(seed.egg_id, "29,5")
    view.set_quantity(seed.oil_id, "6")
    with qtbot.waitSignal(view.document_saved, timeout=10_000):
        view.save_button.click()
    idle(qtbot, window)
    with ctx.db.read() as s:
        doc = s.scalars(select(StockDocument).where(StockDocument.kind == "count")).one()
        moves = {
            m.product_id: (m.qty_milli, m.counted_milli)
            for m in s.scalars(select(StockMovement).where(StockMovement.document_id == doc.id))
        }
        assert moves[seed.egg_id] == (-500, 29_500)
        assert on_hand(s)[seed.egg_id] == 29_500
