"""Every message code exists in both languages with the same placeholders."""

from __future__ import annotations

from ewarong_pos.core.errors import DomainError, Problem
from ewarong_pos.core.messages import MESSAGES, placeholders, render


def test_every_code_has_indonesian_and_english_with_same_placeholders():
    for code, entry in MESSAGES.items():
        assert set(entry) == {"id", "en"}, code
        assert entry["id"].strip() and entry["en"].strip(), code
        assert placeholders(entry["id"]) == placeholders(entry["en"]), code


def test_rupiah_placeholders_are_formatted():
    MESSAGES.setdefault("test.rp", {"id": "Total {total:rp}", "en": "Total {total:rp}"})
    try:
        assert render("test.rp", "id", total=110_000) == "Total Rp 110.000"
    finally:
        MESSAGES.pop("test.rp")


def test_domain_error_and_problem_render_in_both_languages():
    err = DomainError("roster.empty")
    assert err.message("id") == "berkas kosong"
    assert err.message("en") == "the file is empty"
    problem = Problem(7, "nik", "nik.length")
    assert problem.message("en") == "line 7, column nik: NIK must be 16 digits"
    assert problem.message("id") == "baris 7, kolom nik: NIK harus 16 digit"


def test_unknown_code_renders_as_itself():
    assert render("no.such.code", "id") == "no.such.code"
