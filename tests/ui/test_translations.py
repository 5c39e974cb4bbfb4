"""Every UI string has an Indonesian and an English translation, with the same placeholders,
and the .ts files hold exactly the strings the code has (lupdate finds nothing new)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from ewarong_pos.core.messages import MESSAGES, placeholders
from ewarong_pos.resources import resource

TS = {lang: resource("translations", f"ewarong_{lang}.ts") for lang in ("id", "en")}
QT_ARG = re.compile(r"%\d+|%n")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (ctx.findtext("name") or "", msg.findtext("source") or "", msg)
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    ]


def _fields(text: str) -> set[str]:
    return placeholders(text) | set(QT_ARG.findall(text))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_string_is_translated_with_the_same_placeholders(lang):
    messages = _messages(TS[lang])
    assert len(messages) > 200
    problems = []
    for context, source, msg in messages:
        translation = msg.find("translation")
        text = translation.text if translation is not None else None
        if not text or (translation is not None and translation.get("type")):
            problems.append(f"{context}: {source!r} has no finished translation")
        elif _fields(text) != _fields(source):
            problems.append(f"{context}: {source!r} -> {text!r}: placeholders differ")
    assert not problems, "\n".join(problems)


def test_both_languages_have_the_same_strings():
    keys = {lang: {(c, s) for c, s, _ in _messages(path)} for lang, path in TS.items()}
    assert keys["id"] == keys["en"]


def test_the_ts_files_hold_exactly_the_strings_of_the_code(tmp_path):
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    tool = str(lupdate) if lupdate.exists() else shutil.which("pyside6-lupdate")
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed")
    root = Path(__file__).resolve().parents[2]
    sources = [*sorted((root / "ewarong_pos" / "ui").glob("*.py")), root / "ewarong_pos" / "app.py"]
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [tool, "-silent", "-no-obsolete", "-locations", "none", *map(str, sources),
         "-ts", str(fresh)],
        check=True,
    )  # fmt: skip
    in_code = {(c, s) for c, s, _ in _messages(fresh)}
    in_ts = {(c, s) for c, s, _ in _messages(TS["en"])}
    assert in_code - in_ts == set(), "run resources/translations/update_translations.py"
    assert in_ts - in_code == set(), "run resources/translations/update_translations.py"


def test_the_built_qm_translates(qapp):
    translator = QTranslator()
    assert translator.load(str(resource("translations", "ewarong_en.qm")))
    assert translator.translate("CounterView", "Konfirmasi") == "Confirm"
    assert translator.translate("Views", "Loket") == "Counter"


def test_domain_messages_exist_in_both_languages_with_the_same_placeholders():
    for code, texts in MESSAGES.items():
        assert set(texts) >= {"id", "en"}, code
        assert placeholders(texts["id"]) == placeholders(texts["en"]), code
