"""The customer display: a second window, for a monitor facing the family.

Programme complaints are mostly about not knowing prices and balances; this window
answers them at the counter. It shows the family's short name (the receipt's rule:
`Siti N.`, never a NIK, No. KK or card digit), the cart with quantity, price and the
ceiling price (HET) of each product, the total, and what stays on each month's voucher
after this sale; for a cash sale the total, the money received and the change, kept
until the next sale begins. After a redemption it thanks the family with the receipt
number and what the vouchers still hold, then greets the next one (`THANKS_MS`, or at
once when the next family or sale starts). Idle: the outlet's name and a welcome.

Two parts:
- `CustomerFeed` listens to the counter and the cash sale (their signals: a family
  opened or left, a preview priced by the sales service, a cart emptied, a sale
  committed) and keeps one `CustomerScreen`, plain data. It computes no rule: prices,
  totals, draws and change are the counter's own preview and commit results; it only
  looks up, per open month, the draw's remainder or the month's remainder as it is.
  It never queries the database, so it adds nothing to the counter's jobs.
- `CustomerDisplay` draws a `CustomerScreen` in large type (scaled to its height, for
  someone a metre away), in the app's language. It never takes the focus from the
  cashier's window (Qt.WindowDoesNotAcceptFocus, shown without activating); closed by
  the window manager it only hides (the setting stays; Settings shows it again).
  Full screen on a second screen when there is one, else a normal window.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.printing.receipt import short_name
from ewarong_pos.services.sales import CartCheck, Entitlement, SaleResult
from ewarong_pos.ui.i18n import Language
from ewarong_pos.ui.ops.counter import FamilyPanelData
from ewarong_pos.ui.ops.display import AUTO_SCREEN, WINDOW_SCREEN

log = logging.getLogger(__name__)

THANKS_MS = 8_000  # the thanks after a redemption, then the welcome for the next family

IDLE, REDEMPTION, THANKS, CASH, CASH_DONE = "idle", "redemption", "thanks", "cash", "cash_done"


@dataclass(frozen=True)
class MonthLeft:
    """A voucher month the family may still use, and what it holds (after this sale)."""

    period: str  # YYYY-MM
    remaining: int


@dataclass(frozen=True)
class ShownLine:
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    reference_price: int | None
    total: int


@dataclass(frozen=True)
class CustomerScreen:
    """What the customer display shows: plain data, no identifier but the short name."""

    mode: str = IDLE
    family: str = ""  # the short name (printing.receipt.short_name)
    lines: tuple[ShownLine, ...] = ()
    total: int = 0
    months: tuple[MonthLeft, ...] = ()
    left_total: int | None = None  # what the vouchers hold in all (after this sale)
    after_sale: bool = False  # months/left_total are after the cart (else as they are)
    over: int = 0  # the cart exceeds the vouchers by this much
    tendered: int | None = None
    change: int | None = None
    receipt_no: str = ""


def _lines(check: CartCheck | None) -> tuple[ShownLine, ...]:
    if check is None:
        return ()
    return tuple(
        ShownLine(
            line.name,
            line.unit,
            line.qty_milli,
            line.unit_price,
            line.ceiling,
            line.reference_price,
            line.total,
        )
        for line in check.lines
    )


def _months(entitlement: Entitlement, after: dict[int, int]) -> tuple[MonthLeft, ...]:
    """The family's open months, each with the remainder `after` gives it (a draw of
    this sale) or, undrawn, its remainder as the entitlement has it."""
    return tuple(
        MonthLeft(v.period, after.get(v.voucher_id, v.remaining))
        for v in entitlement.vouchers
        if v.redeemable
    )


def redemption_screen(family: FamilyPanelData, check: CartCheck | None) -> CustomerScreen:
    """A family at the counter (`counter_ops.FamilyPanelData`) with the cart's preview
    (`sales.CartCheck`, or None before the first product)."""
    ent = family.entitlement
    name = short_name(family.info.name)
    if check is None or not check.lines:
        return CustomerScreen(REDEMPTION, name, months=_months(ent, {}), left_total=ent.total_open)
    over = max(0, check.total - check.total_open)
    if over:  # the counter says how much to take out; the months stay as they are
        months, left, after_sale = _months(ent, {}), check.total_open, False
    else:
        drawn = {d.voucher_id: d.remaining_after for d in check.draws}
        months, left, after_sale = _months(ent, drawn), check.remaining_after, True
    return CustomerScreen(
        REDEMPTION, name, _lines(check), check.total, months, left, after_sale, over
    )


def thanks_screen(
    family: FamilyPanelData, check: CartCheck | None, result: SaleResult
) -> CustomerScreen:
    """After the commit: the receipt number and what each month holds now (the sale's
    own allocations, else the preview's draws)."""
    ent = family.entitlement
    drawn = {d.voucher_id: d.remaining_after for d in check.draws} if check is not None else {}
    for a in result.allocations:
        if a.remaining_after is not None:
            drawn[a.voucher_id] = a.remaining_after
    months = _months(ent, drawn)
    return CustomerScreen(
        THANKS,
        short_name(family.info.name),
        _lines(check),
        result.total,
        months,
        sum(m.remaining for m in months),
        True,
        receipt_no=result.receipt_no,
    )


def cash_screen(check: CartCheck) -> CustomerScreen:
    return CustomerScreen(
        CASH, lines=_lines(check), total=check.total, tendered=check.cash_tendered,
        change=check.change,
    )  # fmt: skip


def cash_done_screen(check: CartCheck | None, result: SaleResult) -> CustomerScreen:
    return CustomerScreen(
        CASH_DONE, lines=_lines(check), total=result.total, tendered=result.cash_tendered,
        change=result.change, receipt_no=result.receipt_no,
    )  # fmt: skip


class CustomerFeed(QObject):
    """Follows the counter and the cash sale; `screen` is what the display shows.

    Each sale view keeps its own state; the display shows the one the cashier used last
    (or the tab just opened). Only signals and their data: nothing here reads the
    database or waits on anything."""

    changed = Signal(object)  # CustomerScreen

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = "counter"
        self._family: FamilyPanelData | None = None
        self._check: CartCheck | None = None
        # the family and cart that just left
        self._left: tuple[FamilyPanelData | None, CartCheck | None] = (None, None)
        self._thanks: CustomerScreen | None = None
        self._cash_check: CartCheck | None = None
        # the last priced cart with lines (the one paid for)
        self._cash_last: CartCheck | None = None
        self._cash_done: CustomerScreen | None = None
        self.screen = CustomerScreen()
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_MS)
        self.thanks_timer.timeout.connect(self._on_thanks_timer_timeout)

    def attach(self, counter: Any, cash: Any) -> None:
        """Listen to the sale views (again after a language switch rebuilt them)."""
        if counter is not None:
            counter.family_selected.connect(self._on_counter_family_selected)
            counter.family_left.connect(self._on_counter_family_left)
            counter.preview_ready.connect(self._on_counter_preview_ready)
            counter.cart_emptied.connect(self._on_counter_cart_emptied)
            counter.sale_committed.connect(self._on_counter_sale_committed)
        if cash is not None:
            cash.preview_ready.connect(self._on_cash_preview_ready)
            cash.cart_emptied.connect(self._on_cash_cart_emptied)
            cash.sale_cleared.connect(self._on_cash_sale_cleared)
            cash.sale_committed.connect(self._on_cash_sale_committed)

    def follow(self, source: str) -> None:
        """The cashier opened the counter ('counter') or the cash sale ('cash')."""
        if source in ("counter", "cash") and source != self.active:
            self.active = source
            self._publish()

    # the counter --------------------------------------------------------------------------

    def _on_counter_family_selected(self, family: FamilyPanelData) -> None:
        self._end_thanks()
        self._family, self._check = family, None
        self.active = "counter"
        self._publish()

    def _on_counter_preview_ready(self, check: CartCheck) -> None:
        if self._family is None:
            return
        self._check = check
        self.active = "counter"
        self._publish()

    def _on_counter_cart_emptied(self) -> None:
        self._check = None
        self._publish()

    def _on_counter_family_left(self) -> None:
        if self._family is not None:
            self._left = (self._family, self._check)
        self._family, self._check = None, None
        self._publish()

    def _on_counter_sale_committed(self, result: SaleResult) -> None:
        family, check = self._left
        if family is None:
            return
        self._thanks = thanks_screen(family, check, result)
        self._left = (None, None)
        self.active = "counter"
        self.thanks_timer.start()
        self._publish()

    def _on_thanks_timer_timeout(self) -> None:
        self._end_thanks()
        self._publish()

    def _end_thanks(self) -> None:
        self.thanks_timer.stop()
        self._thanks = None

    # the cash sale ------------------------------------------------------------------------

    def _on_cash_preview_ready(self, check: CartCheck) -> None:
        self._cash_check = check
        if check.lines:  # the next sale has begun: the last one's change gives way
            self._cash_last = check
            self._cash_done = None
            self._end_thanks()
        self.active = "cash"
        self._publish()

    def _on_cash_cart_emptied(self) -> None:
        self._cash_check = None
        self._publish()

    def _on_cash_sale_cleared(self) -> None:
        self._cash_check = None
        self._cash_done = None
        self._publish()

    def _on_cash_sale_committed(self, result: SaleResult) -> None:
        # the lines of the preview the cashier committed (its total is the sale's)
        self._cash_done = cash_done_screen(self._cash_last, result)
        self._cash_last = None
        self._end_thanks()
        self.active = "cash"
        self._publish()

    # what is shown ------------------------------------------------------------------------

    def _current(self) -> CustomerScreen:
        if self.active == "cash":
            if self._cash_check is not None and self._cash_check.lines:
                return cash_screen(self._cash_check)
            if self._cash_done is not None:
                return self._cash_done
            return CustomerScreen()
        if self._thanks is not None:
            return self._thanks
        if self._family is not None:
            return redemption_screen(self._family, self._check)
        return CustomerScreen()

    def _publish(self) -> None:
        screen = self._current()
        if screen != self.screen:
            self.screen = screen
            self.changed.emit(screen)


# --- the window ---------------------------------------------------------------------------

STYLE = """
#CustomerDisplay {{ background: #f4f6f3; }}
#CustomerDisplay QLabel {{ font-size: {base}px; color: #1d2b24; }}
#CustomerDisplay QFrame#CdBar {{ background: #1f7a4d; }}
#CustomerDisplay QLabel#CdOutlet {{ font-size: {base}px; font-weight: bold; color: #ffffff; }}
#CustomerDisplay QLabel#CdWelcome {{ font-size: {huge}px; font-weight: bold; color: #1f7a4d; }}
#CustomerDisplay QLabel#CdIdleOutlet {{ font-size: {big}px; font-weight: bold; }}
#CustomerDisplay QLabel#CdIdleHint {{ font-size: {base}px; color: #52635a; }}
#CustomerDisplay QLabel#CdTitle {{ font-size: {big}px; font-weight: bold; color: #1f7a4d; }}
#CustomerDisplay QLabel#CdMessage {{ font-size: {base}px; color: #52635a; }}
#CustomerDisplay QLabel#CdTotal {{ font-size: {big}px; font-weight: bold; }}
#CustomerDisplay QLabel#CdPaid {{ font-size: {base}px; }}
#CustomerDisplay QLabel#CdChange {{ font-size: {huge}px; font-weight: bold; color: #1f7a4d; }}
#CustomerDisplay QLabel#CdChange[short="true"] {{ font-size: {big}px; color: #8c1d17; }}
#CustomerDisplay QLabel#CdMonthsHead {{ font-size: {base}px; font-weight: bold; }}
#CustomerDisplay QLabel#CdOver {{ font-size: {base}px; font-weight: bold; color: #8c1d17;
    background: #fde8e6; border: 1px solid #e7a39c; border-radius: 6px; padding: 6px; }}
#CustomerDisplay QFrame#CdBox {{ background: #ffffff; border: 1px solid #d5ddd7;
    border-radius: 10px; }}
#CustomerDisplay QTableWidget {{ font-size: {base}px; background: #ffffff;
    alternate-background-color: #f3f7f4; border: 1px solid #d5ddd7; }}
#CustomerDisplay QTableWidget::item {{ padding: 0 {pad}px; }}
#CustomerDisplay QHeaderView::section {{ font-size: {small}px; padding: 4px {pad}px; }}
"""


def _label(name: str, parent: QWidget, wrap: bool = False) -> QLabel:
    label = QLabel("", parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return label


class CustomerDisplay(QWidget):
    """The window facing the family; `show_screen()` draws a `CustomerScreen`."""

    closed = Signal()  # by the window manager (or the cashier): it only hides

    def __init__(
        self, lang: Language, cashier: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        # the cashier's window: handed the activation back should this one ever get it
        self.cashier = cashier
        self.outlet_name = ""
        self.screen_shown = CustomerScreen()
        self.setObjectName("CustomerDisplay")
        # a window of its own that never takes the keyboard from the cashier's window
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.resize(960, 600)
        self._scale = 0
        self._build()
        self.show_screen(self.screen_shown)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        bar = QFrame(self)
        bar.setObjectName("CdBar")
        bl = QHBoxLayout(bar)
        bl.setContentsMargins(16, 8, 16, 8)
        self.outlet = _label("CdOutlet", bar)
        bl.addWidget(self.outlet, 1)
        outer.addWidget(bar)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)

        idle = QWidget(self.pages)
        il = QVBoxLayout(idle)
        il.addStretch(2)
        self.welcome = _label("CdWelcome", idle, wrap=True)
        self.idle_outlet = _label("CdIdleOutlet", idle, wrap=True)
        self.idle_hint = _label("CdIdleHint", idle, wrap=True)
        for label in (self.welcome, self.idle_outlet, self.idle_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            il.addWidget(label)
            il.addSpacing(12)
        il.addStretch(3)
        self.pages.addWidget(idle)
        self.idle_page = idle

        sale = QWidget(self.pages)
        sl = QVBoxLayout(sale)
        sl.setContentsMargins(16, 10, 16, 12)
        sl.setSpacing(8)
        self.title = _label("CdTitle", sale, wrap=True)
        self.message = _label("CdMessage", sale, wrap=True)
        sl.addWidget(self.title)
        sl.addWidget(self.message)
        self.table = QTableWidget(0, 5, sale)
        self.table.setObjectName("CdLines")
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)  # a long product name takes two lines, whole
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        sl.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        self.months_box = QFrame(sale)
        self.months_box.setObjectName("CdBox")
        ml = QVBoxLayout(self.months_box)
        ml.setContentsMargins(14, 10, 14, 10)
        self.months_head = _label("CdMonthsHead", self.months_box, wrap=True)
        self.months = QLabel("", self.months_box)
        self.months.setObjectName("CdMonths")
        self.months.setTextFormat(Qt.TextFormat.RichText)
        self.over = _label("CdOver", self.months_box, wrap=True)
        ml.addWidget(self.months_head)
        ml.addWidget(self.months)
        ml.addWidget(self.over)
        ml.addStretch(1)
        bottom.addWidget(self.months_box, 3)
        self.totals_box = QFrame(sale)
        self.totals_box.setObjectName("CdBox")
        tl = QVBoxLayout(self.totals_box)
        tl.setContentsMargins(14, 10, 14, 10)
        self.total = _label("CdTotal", self.totals_box)
        self.paid = _label("CdPaid", self.totals_box)
        self.change = _label("CdChange", self.totals_box, wrap=True)
        for label in (self.total, self.paid, self.change):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tl.addWidget(label)
        tl.addStretch(1)
        bottom.addWidget(self.totals_box, 2)
        sl.addLayout(bottom)
        self.pages.addWidget(sale)
        self.sale_page = sale

    # drawing -------------------------------------------------------------------------------

    def set_outlet_name(self, name: str) -> None:
        self.outlet_name = name
        self.show_screen(self.screen_shown)

    def retranslate(self) -> None:
        """After a language switch: the same screen in the new language."""
        self.setWindowTitle(self.tr("Layar pelanggan"))
        self.show_screen(self.screen_shown)

    def show_screen(self, screen: CustomerScreen) -> None:
        self.screen_shown = screen
        if not self.isVisible():
            return  # drawn when shown (showEvent): a hidden window costs the counter nothing
        self._draw(screen)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._draw(self.screen_shown)

    def _draw(self, screen: CustomerScreen) -> None:
        self.setWindowTitle(self.tr("Layar pelanggan"))
        self.outlet.setText(self.outlet_name)
        if screen.mode == IDLE:
            self.welcome.setText(self.tr("Selamat datang"))
            self.idle_outlet.setText(self.outlet_name)
            self.idle_hint.setText(
                self.tr("Harga barang dan sisa voucher Anda tampil di layar ini.")
            )
            self.pages.setCurrentWidget(self.idle_page)
            return
        self.pages.setCurrentWidget(self.sale_page)
        lang = self.lang
        if screen.mode == REDEMPTION:
            self.title.setText(screen.family)
            self.message.setText(self.tr("Belanja dengan voucher Sembako"))
        elif screen.mode == THANKS:
            self.title.setText(self.tr("Terima kasih, {name}").format(name=screen.family))
            self.message.setText(
                self.tr("Transaksi tersimpan. Struk {receipt}.").format(receipt=screen.receipt_no)
            )
        elif screen.mode == CASH:
            self.title.setText(self.tr("Belanja tunai"))
            self.message.setText("")
        else:  # CASH_DONE
            self.title.setText(self.tr("Terima kasih!"))
            self.message.setText(
                self.tr("Transaksi tersimpan. Struk {receipt}.").format(receipt=screen.receipt_no)
            )
        self.message.setVisible(bool(self.message.text()))
        self._fill_lines(screen)
        self.total.setText(self.tr("Total {total}").format(total=lang.rp(screen.total)))
        self.total.setVisible(bool(screen.lines) or screen.mode in (THANKS, CASH_DONE))
        self._fill_money(screen)
        self._fill_months(screen)

    def _fill_lines(self, screen: CustomerScreen) -> None:
        lang = self.lang
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Barang"),
                self.tr("Jumlah"),
                self.tr("Harga"),
                self.tr("HET"),
                self.tr("Subtotal"),
            ]
        )
        self.table.setRowCount(len(screen.lines))
        for row, line in enumerate(screen.lines):
            if line.ceiling:
                cap = lang.rp(line.ceiling)
            elif line.reference_price:
                cap = self.tr("acuan {price}").format(price=lang.rp(line.reference_price))
            else:
                cap = "–"
            cells = [
                line.name,
                lang.qty(line.qty_milli, line.unit),
                f"{lang.rp(line.unit_price)} / {lang.unit(line.unit)}",
                cap,
                lang.rp(line.total),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        if screen.lines:
            self.table.scrollToBottom()  # the line just scanned is in view

    def _fill_money(self, screen: CustomerScreen) -> None:
        lang = self.lang
        cash = screen.mode in (CASH, CASH_DONE)
        paid = cash and screen.tendered is not None
        self.paid.setText(
            self.tr("Dibayar {amount}").format(amount=lang.rp(screen.tendered or 0)) if paid else ""
        )
        self.paid.setVisible(paid)
        change = cash and screen.change is not None
        short = screen.total - (screen.tendered or 0) if paid and not change else 0
        if change:
            text = self.tr("Kembalian {change}").format(change=lang.rp(screen.change or 0))
        elif short > 0:  # the preview refuses it too: the family sees what is missing
            text = self.tr("Kurang {amount}").format(amount=lang.rp(short))
        else:
            text = ""
        self.change.setText(text)
        self.change.setProperty("short", short > 0)
        self.change.style().unpolish(self.change)
        self.change.style().polish(self.change)
        change = bool(text)
        self.change.setVisible(change)
        self.totals_box.setVisible(bool(screen.lines) or screen.mode in (THANKS, CASH_DONE))

    def _fill_months(self, screen: CustomerScreen) -> None:
        lang = self.lang
        redemption = screen.mode in (REDEMPTION, THANKS)
        self.months_box.setVisible(redemption)
        if not redemption:
            return
        if screen.mode == THANKS:
            head = self.tr("Sisa voucher Anda sekarang")
        elif screen.after_sale:
            head = self.tr("Sisa voucher setelah belanja ini")
        else:
            head = self.tr("Sisa voucher Anda")
        self.months_head.setText(head)
        rows = [(lang.period(m.period), lang.rp(m.remaining), False) for m in screen.months]
        if len(screen.months) != 1:
            rows.append((self.tr("Total sisa"), lang.rp(screen.left_total or 0), True))
        if not screen.months:
            rows = [(self.tr("Tidak ada voucher yang bisa dipakai"), "", False)]
        cells = ""
        for left, right, bold in rows:
            b0, b1 = ("<b>", "</b>") if bold else ("", "")
            cells += (
                f"<tr><td style='padding-right:24px'>{b0}{html.escape(left)}{b1}</td>"
                f"<td align='right'>{b0}{html.escape(right)}{b1}</td></tr>"
            )
        self.months.setText(f"<table width='100%'>{cells}</table>")
        self.over.setText(
            self.tr("Melebihi sisa voucher: kurangi belanja sebesar {over}.").format(
                over=lang.rp(screen.over)
            )
            if screen.over
            else ""
        )
        self.over.setVisible(bool(screen.over))

    def shown_texts(self) -> list[str]:
        """Every text the window shows now (labels, table cells, headers, title)."""
        texts = [self.windowTitle()]
        texts += [label.text() for label in self.findChildren(QLabel) if label.isVisibleTo(self)]
        for row in range(self.table.rowCount()):
            for col in range(self.table.columnCount()):
                item = self.table.item(row, col)
                if item is not None:
                    texts.append(item.text())
        return texts

    # size and place ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        """Type sized for a metre away: about 1/26 of the height (a 768-line screen: 29 px)."""
        base = max(16, min(56, int(min(self.height() / 26, self.width() / 44))))
        if base == self._scale:
            return
        self._scale = base
        self.setStyleSheet(
            STYLE.format(
                base=base,
                small=max(12, int(base * 0.75)),
                big=int(base * 1.5),
                huge=int(base * 2.2),
                pad=max(6, base // 2),
            )
        )
        self.table.verticalHeader().setMinimumSectionSize(int(base * 1.7))

    def place(self, screen_choice: str, cashier_screen: QScreen | None) -> None:
        """Show it where Settings say: full screen on the chosen (or the second) screen;
        a normal window when there is no other screen. Never activated."""
        target = target_screen(screen_choice, cashier_screen)
        if target is None:
            # showNormal: also back from full screen, or from minimized (Tampilkan lagi)
            self.showNormal()
            log.info("customer display shown as a window")
            return
        if self.isFullScreen() and self.screen() is not target:
            self.showNormal()  # a full-screen window moves to another screen as a normal one
        self.setScreen(target)
        self.setGeometry(target.geometry())
        # not showFullScreen(): it also activates the window, which this one refuses
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowFullScreen
        )
        self.show()
        log.info("customer display shown full screen on %s", target.name())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.cashier is not None
            and self.cashier.isVisible()
        ):
            # A platform that activates every window it shows (Qt's offscreen one), or a
            # click on this window: the keyboard and the scanner go back to the cashier.
            self.cashier.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        # the window manager (or a click on x) closes it: hidden, the setting stays on
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()


def target_screen(choice: str, cashier_screen: QScreen | None) -> QScreen | None:
    """The screen the display fills, or None for a normal window.

    `choice`: AUTO_SCREEN (the first screen that is not the cashier's, if any),
    WINDOW_SCREEN (always a window), or a screen's name (that screen if it is connected
    and is not the cashier's; a screen no longer connected falls back to AUTO)."""
    if choice == WINDOW_SCREEN:
        return None
    screens = QGuiApplication.screens()
    if choice != AUTO_SCREEN:
        named = [s for s in screens if s.name() == choice]
        if named:
            return named[0] if named[0] is not cashier_screen else None
    others = [s for s in screens if s is not cashier_screen]
    return others[0] if others else None


def screen_choices() -> list[tuple[str, str]]:
    """(name, size) of each connected screen, for the Settings list."""
    return [
        (s.name(), f"{s.geometry().width()}x{s.geometry().height()}")
        for s in QGuiApplication.screens()
    ]
