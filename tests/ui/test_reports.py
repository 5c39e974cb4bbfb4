"""Reports on screen and exported; closing the day from the reports screen."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from sqlalchemy import select

from ewarong_pos.db.models import DayClose, JournalEntry
from ewarong_pos.services import sales
from tests.ui.conftest import MANAGER_PIN, close_open_shift, confirm_close, idle, login


def _reports(qtbot, window, *who):
    login(qtbot, window, *who)
    view = window.views["reports"]
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.options is not None and window.runner.idle)
    return view


def test_close_the_day_and_export_the_closing(qtbot, window, ctx, seed):
    sales.redeem(ctx, 1, seed.siti_id, [sales.CartLine(seed.rice_id, 10_000)])
    view = _reports(qtbot, window, "pengelola", MANAGER_PIN)  # the manager closes the day
    view.select_kind("daily")
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        view.show_button.click()
    assert "12 April 2018" in view.title.text()
    assert "belum ditutup" in view.summary.text()
    assert view.close_day_button.isVisible()

    close_open_shift(ctx)

    with qtbot.waitSignal(view.day_closed, timeout=10_000):
        view.close_day_button.click()
        confirm_close(qtbot, view)
    qtbot.waitUntil(lambda: "sudah ditutup" in view.summary.text())
    idle(qtbot, window)
    with ctx.db.read() as s:
        closed = s.scalars(select(DayClose)).one()
        assert closed.business_date == dt.date(2018, 4, 12)
        assert closed.closed_by_id == window.account.id
        kinds = s.scalars(select(JournalEntry.kind)).all()
        assert "day.close" in kinds

    with qtbot.waitSignal(view.exported, timeout=20_000) as pdf:
        view.pdf_button.click()
    text = "".join(page.extract_text() for page in PdfReader(pdf.args[0]).pages)
    assert "Rp 90.000" in text or "90.000" in text
    with qtbot.waitSignal(view.exported, timeout=20_000) as csv:
        view.csv_button.click()
    assert csv.args[0].endswith("daily-2018-04-12.csv")

    # A second closing of the same day is refused, in words.
    view.close_day_button.click()
    qtbot.waitUntil(lambda: view.notice.kind == "error" and window.runner.idle)
    assert "2018-04-12" in view.notice.text() or "12" in view.notice.text()


def test_unredeemed_families_of_the_month(qtbot, window, ctx, seed):
    # Rp 152.000: the whole March tranche and part of April's, in April
    lines = [sales.CartLine(seed.rice_id, 10_000), sales.CartLine(seed.premium_id, 1_000)]
    sales.redeem(ctx, 1, seed.siti_id, lines)
    view = _reports(qtbot, window)
    view.select_kind("unredeemed")
    view.period.setCurrentIndex(view.period.findData("2018-04"))
    with qtbot.waitSignal(view.report_shown, timeout=10_000) as shown:
        view.show_button.click()
    names = {view.table.item(r, 1).text() for r in range(shown.args[1])}
    assert "Siti Nurhaliza" not in names
    assert {"Siti Rahayu", "Budi Santoso"} <= names


def test_stock_card_and_fraud_signals_on_screen(qtbot, window, ctx, seed):
    sales.redeem(ctx, 1, seed.siti_id, [sales.CartLine(seed.rice_id, 10_000)])
    view = _reports(qtbot, window)
    view.select_kind("stock")
    view.product.setCurrentIndex(view.product.findData("BRS-MED"))
    with qtbot.waitSignal(view.report_shown, timeout=10_000) as shown:
        view.show_button.click()
    assert shown.args[1] == 2  # the delivery and the sale
    assert view.table.item(1, 4).text() == "90 kg"  # 100 kg in, 10 kg out
    with qtbot.waitSignal(view.exported, timeout=20_000) as csv:
        view.csv_button.click()
    assert csv.args[0].endswith("stock-BRS-MED.csv")

    view.select_kind("signals")
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        view.show_button.click()
    assert "Sinyal kecurangan" in view.title.text()
    assert view.notice.kind != "error"
