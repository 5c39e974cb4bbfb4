"""Dates and times as Indonesian (and English) readers expect them: `12 April 2018`."""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

# Outlets keep local time; Jakarta is WIB (UTC+7). Stored timestamps are UTC.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def format_date(day: dt.date, lang: str = "id") -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_period(period: str, lang: str = "id") -> str:
    """`2018-04` -> `April 2018`."""
    year, month = period.split("-")
    return f"{MONTHS[lang][int(month) - 1]} {year}"


def format_datetime(moment: dt.datetime, lang: str = "id", tz: dt.tzinfo = WIB) -> str:
    local = moment.astimezone(tz) if moment.tzinfo else moment.replace(tzinfo=dt.UTC).astimezone(tz)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def iso(moment: dt.datetime) -> str:
    """Canonical UTC timestamp text used in the journal: `2018-04-12T03:04:05.123456Z`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
