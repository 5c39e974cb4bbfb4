"""Settings: the receipt printer is stored and test-printed; a bad printer address is refused."""

from __future__ import annotations

from ewarong_pos.services import printing
from tests.ui.conftest import login


def _settings(qtbot, window):
    login(qtbot, window)
    view = window.views["settings"]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    return view


def test_outlet_details_and_printer_settings(qtbot, window, ctx, tmp_path):
    view = _settings(qtbot, window)
    assert view.outlet_name.text() == "e-Warong Melati"
    assert view.printer_kind.currentData() == "pdf"  # what the fixture stored
    folder = tmp_path / "struk-baru"
    view.printer_uri.setText(str(folder))
    view.paper.setCurrentIndex(view.paper.findData(80))
    with qtbot.waitSignal(view.printer_saved, timeout=10_000):
        view.save_printer_button.click()
    stored = printing.printer_settings(ctx)
    assert (stored.kind, stored.uri, stored.paper_mm) == ("pdf", str(folder), 80)
    with qtbot.waitSignal(view.test_printed, timeout=20_000) as printed:
        view.test_button.click()
    assert printed.args[0] is True
    assert [p.suffix for p in folder.iterdir()] == [".pdf"]


def test_a_bad_printer_address_is_refused(qtbot, window, ctx):
    view = _settings(qtbot, window)
    view.printer_kind.setCurrentIndex(view.printer_kind.findData("escpos"))
    view.printer_uri.setText("lpt9://nowhere")
    view.save_printer_button.click()
    qtbot.waitUntil(lambda: view.notice.kind == "error" and window.runner.idle)
    assert printing.printer_settings(ctx).kind == "pdf"  # unchanged


def test_enrollment_needs_the_address_and_the_code(qtbot, window):
    view = _settings(qtbot, window)
    view.enroll_button.click()
    assert view.notice.kind == "error"
    assert "kode pendaftaran" in view.notice.text()
