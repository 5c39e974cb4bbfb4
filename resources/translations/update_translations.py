"""Refresh the UI translations: extract strings, fill them, build the .qm files.

    /work/venv/bin/python resources/translations/update_translations.py

1. `pyside6-lupdate` extracts every tr()/translate() string of ewarong_pos/ui and app.py
   into ewarong_id.ts and ewarong_en.ts (keeping translations already there; strings
   no longer in the code are dropped).
2. Indonesian is the source language: ewarong_id.ts gets each source as its translation.
   English: an unfinished entry is filled from en_strings.json (source -> English); any
   still missing are listed and the script exits 1. The .ts files stay the truth for
   Qt Linguist; en_strings.json only seeds them.
3. `pyside6-lrelease` builds ewarong_id.qm and ewarong_en.qm next to them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = [*sorted((ROOT / "ewarong_pos" / "ui").glob("*.py")), ROOT / "ewarong_pos" / "app.py"]


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def fill(ts_path: Path, lang: str, glossary: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    root = tree.getroot()
    root.set("language", "id_ID" if lang == "id" else "en_US")
    root.set("sourcelanguage", "id_ID")
    missing = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if lang == "id":
            translation.text = source
        elif translation.get("type") == "unfinished" or not translation.text:
            text = glossary.get(source)
            if text is None:
                missing.append(source)
                continue
            translation.text = text
        translation.attrib.pop("type", None)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    lupdate, lrelease = tool("pyside6-lupdate"), tool("pyside6-lrelease")
    ts_files = [HERE / "ewarong_id.ts", HERE / "ewarong_en.ts"]
    subprocess.run(
        [
            lupdate,
            "-no-obsolete",
            "-locations",
            "none",
            *map(str, SOURCES),
            "-ts",
            *map(str, ts_files),
        ],
        check=True,
    )
    glossary = json.loads((HERE / "en_strings.json").read_text(encoding="utf-8"))
    fill(ts_files[0], "id", {})
    missing = fill(ts_files[1], "en", glossary)
    for ts in ts_files:
        subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    if missing:
        print(f"{len(missing)} English translations missing:", file=sys.stderr)
        for source in missing:
            print(f"  {source!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
