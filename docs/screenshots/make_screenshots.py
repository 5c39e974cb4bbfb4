"""Render the README's screenshots offscreen: login, counter, stock, reports, in id and en.

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python docs/screenshots/make_screenshots.py

Builds a demo outlet in a temporary folder with the clock at 12 April 2018, 09:00 WIB,
drives the real main window the way a cashier would, and saves QWidget.grab() images
(1366x768, the outlet PC's screen) as docs/screenshots/<lang>-<screen>.png.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from ewarong_pos.app import build_demo, make_parts
from ewarong_pos.services.context import open_outlet
from ewarong_pos.ui.main_window import MainWindow, make_application

HERE = Path(__file__).resolve().parent
START = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


def wait(window: MainWindow, rounds: int = 3) -> None:
    """Let queued work finish and the results arrive (a few quiet rounds in a row)."""
    loop = QEventLoop()
    quiet = 0
    for _ in range(2000):
        QTimer.singleShot(10, loop.quit)
        loop.exec()
        quiet = quiet + 1 if window.runner.idle else 0
        if quiet >= rounds:
            break
    QCoreApplication.processEvents()


def shoot(window: MainWindow, name: str) -> None:
    wait(window)
    path = HERE / f"{name}.png"
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(path)


def main() -> int:
    make_application()
    with tempfile.TemporaryDirectory(prefix="ewarong-shots-") as tmp:
        ctx = open_outlet(Path(tmp) / "data", clock=lambda: START)
        build_demo(ctx, 120, 3, 2018)
        from ewarong_pos.services import accounts, catalog, sales, stock
        from ewarong_pos.services.settings import DEMO_PINS

        cashier = next(a for a in accounts.list_accounts(ctx) if a.role == "cashier")
        pins = dict(DEMO_PINS.read(ctx))
        pin = pins[cashier.display_name]
        # one cash sale and a redemption so the reports have figures
        products = {p.sku: p for p in catalog.product_list(ctx)}
        rice = products["BRS-MED-KG"].id
        sales.sell_cash(ctx, cashier.id, [sales.CartLine(rice, 2_000)], 20_000)
        # a stock count that finds premium rice short, so the stock screen shows a low mark
        stock.count_stock(ctx, cashier.id, [stock.CountLine(products["BRS-PRM-KG"].id, 18_000)])
        for lang in ("id", "en"):
            window = MainWindow(make_parts(ctx, lang, demo=True))
            window.resize(1366, 768)
            window.show()
            wait(window)
            shoot(window, f"{lang}-login")
            window.login.pin.setText(pin)
            window.login.submit()
            wait(window)
            counter = window.views["counter"]
            window.tabs.setCurrentWidget(counter)
            wait(window)
            counter.search_families("Sri")
            wait(window)
            if counter.results.isVisible():
                counter._on_results_item_activated(counter.results.item(0))
            wait(window)
            if counter.family is None:
                raise SystemExit("no family found for the counter screenshot")
            counter.cart.select_product(products["BRS-MED-10"].id)
            counter.cart.qty.setText("1")
            counter.cart.add_selected()
            wait(window)
            counter.cart.select_product(products["TLR-AYM-KG"].id)
            counter.cart.qty.setText("0,75")
            counter.cart.add_selected()
            wait(window)
            shoot(window, f"{lang}-counter")
            window.tabs.setCurrentWidget(window.views["stock"])
            shoot(window, f"{lang}-stock")
            reports = window.views["reports"]
            window.tabs.setCurrentWidget(reports)
            wait(window)
            reports.select_kind("monthly")
            reports.show_report()
            shoot(window, f"{lang}-reports")
            window.shutdown()
            window.close()
            window.deleteLater()
            QCoreApplication.processEvents()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
