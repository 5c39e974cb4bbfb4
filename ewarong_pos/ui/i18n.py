"""Language of the UI: Qt Linguist translators, and the app's number and date formats.

Source strings in the code are Bahasa Indonesia (the default language); English comes
from resources/translations/ewarong_en.qm (built from ewarong_en.ts). Domain error texts
come from core/messages.py in both languages; rupiah and dates from core.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from ewarong_pos.core.dates import format_date, format_period
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.money import format_quantity, format_rupiah
from ewarong_pos.resources import resource

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
UNIT_LABELS = {
    "id": {"kg": "kg", "pcs": "bh", "pack": "pak", "ikat": "ikat", "liter": "liter"},
    "en": {"kg": "kg", "pcs": "pcs", "pack": "pack", "ikat": "bunch", "liter": "litre"},
}


class Language:
    """The current language and its translator; `switch()` replaces the translator."""

    def __init__(self, lang: str = "id") -> None:
        self.code = lang if lang in LANGUAGES else "id"
        self._translators: list[QTranslator] = []

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        self.uninstall()
        for name in (f"ewarong_{self.code}", f"qtbase_{self.code}"):
            translator = QTranslator(app)
            path = resource("translations", f"{name}.qm")
            if path.exists() and translator.load(str(path)):
                app.installTranslator(translator)
                self._translators.append(translator)
            elif name.startswith("ewarong_") and self.code != "id":
                log.warning("translation file missing: %s", path)

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        for translator in self._translators:
            if app is not None:
                app.removeTranslator(translator)
        self._translators = []

    def switch(self, lang: str) -> None:
        self.code = lang if lang in LANGUAGES else "id"
        self.install()

    # formats -------------------------------------------------------------------------

    def rp(self, amount: int) -> str:
        """Rupiah as a label shows it: "Rp" never wraps away from its number."""
        return format_rupiah(amount, screen=True)

    def render(self, code: str, **params: object) -> str:
        """A domain message (core.messages) in this language, as a label shows it."""
        from ewarong_pos.core.messages import render_screen

        return render_screen(code, self.code, **params)

    def date(self, day: dt.date) -> str:
        return format_date(day, self.code)

    def period(self, period: str) -> str:
        return format_period(period, self.code)

    def unit(self, unit: str) -> str:
        return UNIT_LABELS[self.code].get(unit, unit)

    def qty(self, qty_milli: int, unit: str) -> str:
        return format_quantity(qty_milli, self.unit(unit))

    def error(self, exc: BaseException) -> str:
        """The text a person reads for a failure: a refusal's message; a full disk, a
        locked, read-only or damaged database as what to do (db.failures); never the raw
        text of an exception (SQLAlchemy's carries the database URL)."""
        if isinstance(exc, DomainError):
            return exc.message(self.code, screen=True)
        from ewarong_pos.db.failures import as_domain_error

        known = as_domain_error(exc)
        if known is not None:
            return known.message(self.code, screen=True)
        if type(exc).__module__.startswith(("sqlalchemy", "sqlite3", "sqlcipher3")):
            return self.render("failure.unexpected", kind=type(exc).__name__)
        return str(exc) or type(exc).__name__
