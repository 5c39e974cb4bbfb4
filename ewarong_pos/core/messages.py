"""The message catalogue for domain error codes, in Bahasa Indonesia and English.

Templates use `str.format` fields; `{total:rp}` formats rupiah as `Rp 110.000`,
`{qty:kg}` formats milli-units as `1,5`. A test checks both languages have every code with
the same placeholders. Add new codes here, never inline text in services.
"""

from __future__ import annotations

import string
from typing import Any

from ewarong_pos.core.money import format_rupiah

MESSAGES: dict[str, dict[str, str]] = {
    "where.line": {"id": "baris {line}", "en": "line {line}"},
    "where.column": {"id": "kolom {column}", "en": "column {column}"},
    # identifiers
    "nik.length": {"id": "NIK harus 16 digit", "en": "NIK must be 16 digits"},
    "nik.digits": {"id": "NIK hanya boleh angka", "en": "NIK may contain digits only"},
    "nik.region": {"id": "kode wilayah NIK tidak dikenal", "en": "unknown NIK region code"},
    "nik.birthdate": {
        "id": "tanggal lahir dalam NIK tidak valid",
        "en": "invalid birth date in NIK",
    },
    "nik.serial": {"id": "nomor urut NIK tidak boleh 0000", "en": "NIK serial may not be 0000"},
    "kk.length": {"id": "No. KK harus 16 digit", "en": "family card number must be 16 digits"},
    "kk.digits": {"id": "No. KK hanya boleh angka", "en": "family card number: digits only"},
    "kk.region": {"id": "kode wilayah No. KK tidak dikenal", "en": "unknown family card region"},
    "kk.date": {
        "id": "tanggal dalam No. KK tidak valid",
        "en": "invalid date in family card number",
    },
    "card.length": {
        "id": "nomor kartu KKS harus 16 digit",
        "en": "KKS card number must be 16 digits",
    },
    "card.digits": {
        "id": "nomor kartu KKS hanya boleh angka",
        "en": "KKS card number: digits only",
    },
    "card.luhn": {
        "id": "digit pemeriksa nomor kartu KKS salah",
        "en": "KKS card number check digit is wrong",
    },
    # roster file
    "roster.rejected": {
        "id": "Berkas roster ditolak: {count} masalah; database tidak diubah",
        "en": "Roster file rejected: {count} problems; the database was not changed",
    },
    "roster.empty": {"id": "berkas kosong", "en": "the file is empty"},
    "roster.encoding": {
        "id": "bukan teks UTF-8 (byte {byte} di posisi {offset})",
        "en": "not UTF-8 text (byte {byte} at offset {offset})",
    },
    "roster.delimiter": {
        "id": "pemisah kolom harus koma (ditemukan {found!r})",
        "en": "columns must be separated by commas (found {found!r})",
    },
    "roster.missing_column": {"id": "kolom wajib tidak ada", "en": "required column is missing"},
    "roster.unknown_column": {"id": "kolom tidak dikenal", "en": "unknown column"},
    "roster.duplicate_column": {"id": "kolom ganda", "en": "duplicate column"},
    "roster.field_count": {
        "id": "jumlah kolom {found}, seharusnya {expected}",
        "en": "{found} fields, expected {expected}",
    },
    "roster.required": {"id": "wajib diisi", "en": "required"},
    "roster.too_long": {
        "id": "terlalu panjang ({length} > {limit} karakter)",
        "en": "too long ({length} > {limit} characters)",
    },
    "roster.duplicate": {
        "id": "nilai {value!r} sudah dipakai di baris {first_line}",
        "en": "value {value!r} already used on line {first_line}",
    },
    "roster.duplicate_card": {
        "id": "nomor kartu sudah dipakai di baris {first_line}",
        "en": "card number already used on line {first_line}",
    },
    "roster.bad_amount": {
        "id": "nominal {value!r} bukan angka rupiah positif",
        "en": "amount {value!r} is not a positive rupiah figure",
    },
    "roster.bad_status": {
        "id": "status {value!r} tidak dikenal (active, suspended, removed)",
        "en": "unknown status {value!r} (active, suspended, removed)",
    },
    "roster.bad_period": {
        "id": "periode {value!r} harus berbentuk TTTT-BB",
        "en": "period {value!r} must look like YYYY-MM",
    },
    "roster.too_many_problems": {
        "id": "terlalu banyak masalah; pemeriksaan dihentikan setelah {limit}",
        "en": "too many problems; checking stopped after {limit}",
    },
    "roster.too_large": {
        "id": "berkas terlalu besar ({size} byte; batas {limit})",
        "en": "file too large ({size} bytes; limit {limit})",
    },
    "roster.not_found": {"id": "berkas tidak ditemukan: {path}", "en": "file not found: {path}"},
    "flag.nik_malformed": {"id": "NIK tidak valid", "en": "malformed NIK"},
    "flag.kk_malformed": {"id": "No. KK tidak valid", "en": "malformed family card number"},
    "flag.card_malformed": {"id": "nomor kartu KKS tidak valid", "en": "malformed KKS card number"},
    "flag.nik_shared": {
        "id": "NIK sama dengan keluarga lain",
        "en": "NIK shared with another family",
    },
    "flag.no_card": {"id": "belum punya kartu KKS", "en": "no KKS card on record"},
}


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec == "rp":
            return format_rupiah(int(value))
        if format_spec == "kg":
            from ewarong_pos.core.money import format_quantity

            return format_quantity(int(value), "").strip()
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def render(code: str, lang: str = "id", **params: Any) -> str:
    """The text of a code in `lang` ('id' or 'en'); unknown codes show the code itself."""
    entry = MESSAGES.get(code)
    if entry is None:
        return f"{code} {params}" if params else code
    template = entry.get(lang) or entry["id"]
    try:
        return _FORMATTER.format(template, **params)
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"


def placeholders(template: str) -> set[str]:
    """The field names a template uses (for the catalogue consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
