"""`ewarong-pos`: the desktop app's entry point and the one place that wires the parts.

It opens the outlet (migrating the database), builds the demo outlet when asked, sets up
logging in DATA_DIR/logs, makes the printer and sync-client factories from what is
installed, and hands all of it to the UI as an `AppParts`. Nothing here is a
module-level singleton: a test or the smoke test builds its own.
"""

from __future__ import annotations

import argparse
import gc
import logging
import logging.handlers
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ewarong_pos import __version__
from ewarong_pos.db.datadir import DataDir, default_data_dir
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.outlet import is_set_up
from ewarong_pos.services.startup import open_for_counter, startup_problem

if TYPE_CHECKING:
    from ewarong_pos.ui.parts import AppParts

log = logging.getLogger(__name__)

# The smoke test builds a small outlet: enough families and months to render real screens.
SMOKE_KPM = 20
SMOKE_MONTHS = 3
DEMO_KPM = 842  # a Jakarta-size outlet (DOMAIN.md: about 842 KPM per outlet)
DEMO_MONTHS = 6
DEMO_SEED = 2018


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ewarong-pos", description="e-Warong POS: the cashier's desktop app"
    )
    parser.add_argument("--version", action="version", version=f"ewarong-pos {__version__}")
    parser.add_argument("--demo", action="store_true", help="open (or create) a demo outlet")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the outlet's data folder (default: the per-user data folder)",
    )
    parser.add_argument(
        "--lang", choices=["id", "en"], default=None, help="language (default: settings, else id)"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="migrate, build a small demo outlet, render the main window and a receipt "
        "offscreen, then exit (0 when everything worked)",
    )
    parser.add_argument(
        "--window-size",
        default=None,
        metavar="WxH",
        help="open the window at this size instead of maximized (screenshots, small screens)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    return parser


def setup_logging(data_dir: DataDir, verbose: bool = False) -> None:
    """Rotating log files in DATA_DIR/logs (never identifiers: services log keys only)."""
    data_dir.ensure()
    handler = logging.handlers.RotatingFileHandler(
        data_dir.logs_dir / "ewarong-pos.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_ewarong", False)]:
        root.removeHandler(old)
        old.close()
    handler._ewarong = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def build_demo(
    ctx: Context, kpm: int, months: int, seed: int, progress: Callable[..., None] | None = None
) -> None:
    """The demo outlet (services.demo), with its PINs stored for the login screen."""
    from ewarong_pos.services import demo
    from ewarong_pos.services.settings import DEMO_PINS

    info = demo.build_demo(ctx, kpm=kpm, months=months, seed=seed, progress=progress)
    # A demo outlet shows its PINs on the login screen (never a real outlet: only this
    # function writes the setting).
    with ctx.db.write() as s:
        DEMO_PINS.put(s, tuple((a.display_name, a.pin) for a in info.accounts))


def make_parts(ctx: Context, lang: str, demo: bool) -> AppParts:
    """Wire the printer and sync adapters the UI uses (each called on a worker thread).

    `services.sync` is imported when the first round runs, on the I/O worker, not here:
    its libraries (httpx, pydantic) would add about a second before the counter is shown.
    The printing service loads its renderers only when it renders.
    """
    from ewarong_pos.printing.printers import Printer
    from ewarong_pos.services import printing
    from ewarong_pos.ui.parts import AppParts

    def make_printer() -> Printer:
        # The printer chosen in settings; DomainError 'printer.not_configured' if none.
        return printing.printer_from_settings(printing.printer_settings(ctx))

    def sync_now() -> object:
        from ewarong_pos.services import sync

        return sync.sync_now(ctx)

    return AppParts(
        ctx=ctx,
        lang=lang,
        demo=demo,
        make_printer=make_printer,
        sync_now=sync_now,
        reopen=lambda reopened: make_parts(reopened, lang, demo),
    )


def _language(ctx: Context, requested: str | None) -> str:
    if requested:
        return requested
    from ewarong_pos.services.settings import UI_LANGUAGE

    return UI_LANGUAGE.read(ctx) or "id"


def main(argv: Sequence[str] | None = None, on_shown: Callable[[Any], None] | None = None) -> int:
    """The desktop app; `on_shown(window)` runs once the window is up (the start/close
    test drives the real app through it)."""
    args = build_parser().parse_args(argv)
    if args.smoke_test:
        return smoke_test(args.data_dir, args.lang or "id", verbose=args.verbose)
    root = args.data_dir
    if root is None:
        root = default_data_dir() / "demo" if args.demo else default_data_dir()
    data_dir = DataDir(root)
    try:
        setup_logging(data_dir, args.verbose)
    except OSError:  # a read-only folder, or --data-dir naming a file: the window says so
        logging.basicConfig(level=logging.INFO)
    log.info("ewarong-pos %s starting on %s", __version__, data_dir.root)

    import shiboken6
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ewarong_pos.ui.crash import CrashHandler
    from ewarong_pos.ui.i18n import Language
    from ewarong_pos.ui.main_window import MainWindow, make_application

    app = make_application(sys.argv[:1])
    crash = CrashHandler(lambda: app.activeWindow())
    crash.install()
    try:
        # the data-folder rule, then quick_check and the journal tail (services.startup)
        ctx = open_for_counter(data_dir.root)
    except Exception as exc:  # every start-up failure: a window with what to do
        log.exception("start-up failed on %s", data_dir.root)
        QMessageBox.critical(
            None, "e-Warong POS", startup_problem(exc, data_dir, args.lang or "id")
        )
        return 2
    window: Any = None
    try:
        lang = _language(ctx, args.lang)
        # The start-up texts in the chosen language; the window installs its own.
        startup_language = Language(lang)
        startup_language.install()
        if args.demo and not is_set_up(ctx):
            from ewarong_pos.ui.startup import run_with_progress

            run_with_progress(
                QApplication.translate("App", "Menyiapkan outlet demo…"),
                lambda progress: build_demo(ctx, DEMO_KPM, DEMO_MONTHS, DEMO_SEED, progress),
            )
        if not is_set_up(ctx) and not args.demo:
            # a new outlet PC: the set-up screen (office address and code, or USB file)
            from ewarong_pos.ui.setup import SetupScreen

            SetupScreen(ctx, startup_language).exec()
            lang = startup_language.code
        if not is_set_up(ctx):
            QMessageBox.critical(
                None,
                "e-Warong POS",
                QApplication.translate(
                    "App",
                    "Outlet belum disiapkan di folder data ini: {path}\n"
                    "Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.",
                ).format(path=data_dir.root),
            )
            return 2
        startup_language.uninstall()
        window = MainWindow(make_parts(ctx, lang, args.demo))
        # Maximized: a 1366x768 screen's taskbar keeps the status bar in view.
        if args.window_size:
            width, _, height = args.window_size.partition("x")
            window.resize(int(width), int(height))
            window.show()
        else:
            window.showMaximized()
        if on_shown is not None:
            on_shown(window)
        # What start-up made (modules, the ORM's mappings, the window) lives as long as the
        # app: out of the cyclic collector's sight, so a collection during a scan or a sale
        # walks only what was made since (each full pass walked ~100,000 start-up objects:
        # milliseconds at the counter).
        gc.freeze()
        code = app.exec()
        return int(code)
    finally:
        # A clean exit, every time: background work finished and the application-wide
        # filters gone before any Qt object goes, the window deleted while Python and Qt
        # are both whole, the database closed last.
        if window is not None:
            window.shutdown()
            reopened = window.parts.ctx
            # closed in training mode: the real outlet's parts were kept aside
            real = window.real_parts.ctx if window.real_parts is not None else None
            shiboken6.delete(window)
            app.processEvents()
            if reopened is not ctx:  # a restore reopened the outlet, or the practice one
                reopened.close()
            if real is not None and real is not ctx:  # a restore's outlet, then training
                real.close()
        ctx.close()
        crash.uninstall()
        log.info("ewarong-pos stopped")


def smoke_test(root: Path | None, lang: str = "id", verbose: bool = False) -> int:
    """Migrate, build a small demo outlet, render the window and a receipt; 0 when all worked."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="ewarong-smoke-"))
    data_dir = DataDir(root)
    steps: list[str] = []
    try:
        setup_logging(data_dir, verbose)
        ctx = open_outlet(data_dir.root)
        steps.append(f"database migrated: {data_dir.db_path}")
        try:
            if not is_set_up(ctx):
                build_demo(ctx, SMOKE_KPM, SMOKE_MONTHS, DEMO_SEED)
                steps.append(f"demo outlet built ({SMOKE_KPM} families, {SMOKE_MONTHS} months)")
            from ewarong_pos.ui.smoke import render_smoke

            steps.extend(render_smoke(make_parts(ctx, lang, demo=True), data_dir.root))
        finally:
            ctx.close()
    except Exception as exc:  # the smoke test reports every failure and exits non-zero
        log.exception("smoke test failed")
        for step in steps:
            print(f"ok   {step}")
        print(f"FAIL {type(exc).__name__}: {exc}", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return 1
    for step in steps:
        print(f"ok   {step}")
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
