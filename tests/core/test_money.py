"""Rupiah and quantity arithmetic is exact and formatted the Indonesian way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ewarong_pos.core.money import (
    format_number,
    format_quantity,
    format_rupiah,
    line_total,
    parse_quantity,
    parse_rupiah,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp 0"),
        (500, "Rp 500"),
        (110_000, "Rp 110.000"),
        (1_234_567, "Rp 1.234.567"),
        (-5_000, "-Rp 5.000"),
    ],
)
def test_format_rupiah(amount, text):
    assert format_rupiah(amount) == text
    assert parse_rupiah(text) == amount


def test_format_number_has_no_currency():
    assert format_number(94_500) == "94.500"


@pytest.mark.parametrize("bad", ["", "Rp", "12,5", "abc", "1.2x"])
def test_parse_rupiah_refuses_garbage(bad):
    with pytest.raises(ValueError):
        parse_rupiah(bad)


def test_line_total_rounds_half_up_to_whole_rupiah():
    assert line_total(9_450, 10_000) == 94_500  # 10 kg medium rice
    assert line_total(23_000, 700) == 16_100  # 0.7 kg eggs
    assert line_total(23_000, 1) == 23  # 1 gram: 23.0
    assert line_total(1_001, 500) == 501  # 500.5 rounds up
    assert line_total(1_001, -500) == -501  # symmetric for voids


@given(st.integers(0, 10**7), st.integers(-(10**7), 10**7))
def test_line_total_is_exact(price, qty):
    total = line_total(price, qty)
    assert abs(total * 1000 - price * qty) <= 500


@pytest.mark.parametrize(
    ("text", "fractional", "milli"),
    [
        ("1", False, 1000),
        ("3", False, 3000),
        ("1,5", True, 1500),
        ("0.75", True, 750),
        ("2,125", True, 2125),
        (" 10 ", True, 10_000),
    ],
)
def test_parse_quantity(text, fractional, milli):
    assert parse_quantity(text, fractional) == milli


@pytest.mark.parametrize(
    ("text", "fractional"),
    [
        ("", True),
        ("0", True),
        ("-1", True),
        ("1,5", False),
        ("1.2345", True),
        ("1..2", True),
        ("abc", True),
        ("1,2,3", True),
    ],
)
def test_parse_quantity_refuses(text, fractional):
    with pytest.raises(ValueError):
        parse_quantity(text, fractional)


def test_format_quantity():
    assert format_quantity(1500, "kg") == "1,5 kg"
    assert format_quantity(2000, "pcs") == "2 pcs"
    assert format_quantity(-750, "kg") == "-0,75 kg"
