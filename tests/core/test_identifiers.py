"""NIK, No. KK and KKS card rules, keyed hashes and masking (core.identifiers)."""

from __future__ import annotations

import datetime as dt

import pytest

from ewarong_pos.core.identifiers import (
    check_card,
    check_kk,
    check_nik,
    keyed_hash,
    last4,
    luhn_complete,
    mask_card,
    mask_nik,
    nik_info,
)


@pytest.mark.parametrize(
    "nik",
    [
        "3173070101750001",  # man, Tanah Abang, 1 January 1975
        "3171014506800002",  # woman: day 05 + 40
        "3175067112990003",  # woman born 31 December 1999 (day 71)
        "3101010101750001",  # Kepulauan Seribu
        "3173 0701 0175 0001",  # spaces as typed are ignored
    ],
)
def test_valid_niks(nik):
    assert check_nik(nik) is None


def test_womans_nik_gives_birth_date_and_sex():
    info = nik_info("3171014506800002")
    assert info.female and info.birth_date == dt.date(1980, 6, 5)
    assert info.region == "317101"
    man = nik_info("3173070506800002")
    assert not man.female and man.birth_date == dt.date(1980, 6, 5)


def test_29_february():
    assert check_nik("3173022902880003") is None  # 1988 is a leap year
    assert check_nik("3173026902880003") is None  # a woman born that day
    assert check_nik("3173022902890003") == "nik.birthdate"  # 1989 is not
    assert check_nik("3173026902890003") == "nik.birthdate"


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("3173070101750000", "nik.serial"),
        ("9973070101750001", "nik.region"),
        ("317307010175001", "nik.length"),
        ("31730701017500011", "nik.length"),
        ("3173O70101750001", "nik.digits"),
        ("3173073201750001", "nik.birthdate"),  # day 32
        ("3173074001750001", "nik.birthdate"),  # day 40: neither a man's nor a woman's
        ("3173077201750001", "nik.birthdate"),  # day 72
        ("3173070113750001", "nik.birthdate"),  # month 13
        ("", "nik.digits"),
    ],
)
def test_invalid_niks(nik, code):
    assert check_nik(nik) == code


def test_family_card_numbers():
    assert check_kk("3173071203150002") is None
    assert check_kk("3173074506150002") == "kk.date"  # no +40 in a family card
    assert check_kk("3173073102150002") == "kk.date"  # 31 February
    assert check_kk("9973071203150002") == "kk.region"
    assert check_kk("31730712031500") == "kk.length"
    assert check_kk("31730712O3150002") == "kk.digits"


def test_kks_card_luhn():
    good = luhn_complete("519841000012345")
    assert len(good) == 16 and check_card(good) is None
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert check_card(bad) == "card.luhn"
    assert check_card("4111111111111111") is None  # the well-known Luhn test number
    assert check_card("4111111111111112") == "card.luhn"
    assert check_card(good[:-1]) == "card.length"
    assert check_card("5198-4100-0012-345X") == "card.digits"


def test_keyed_hash_namespaces_and_normalisation():
    key = b"k" * 32
    digits = "3173070101750001"
    nik = keyed_hash(key, "nik", digits)
    assert len(nik) == 64 and int(nik, 16) >= 0
    assert nik == keyed_hash(key, "nik", "3173 0701-0175.0001")
    assert nik != keyed_hash(key, "kk", digits)
    assert nik != keyed_hash(key, "card", digits)
    assert nik != keyed_hash(b"x" * 32, "nik", digits)
    assert digits not in nik


def test_masking_shows_last_four_only():
    card = luhn_complete("519841000012345")
    assert last4(card) == card[-4:]
    assert mask_card(last4(card)) == "**** " + card[-4:]
    assert mask_card("") == ""
    assert mask_nik("0001") == "************0001"
    assert mask_nik("") == ""
    assert last4("12") == "12"
