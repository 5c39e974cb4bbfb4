"""NIK, No. KK and KKS card rules, keyed hashing and masking (DOMAIN.md, "Identifiers").

The format rules come from python-stdnum (NIK layout, region table, Luhn); this module adds
what it does not check (NIK serial 0000, the day field's exact ranges, the family card) and
turns each failure into a message code. Roster data is authoritative: callers *flag* a
family whose identifier fails, they never refuse it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass

from stdnum import luhn, numdb
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik


@dataclass(frozen=True)
class NikInfo:
    region: str  # PPKKCC
    birth_date: dt.date
    female: bool


def digits_only(text: str) -> str:
    """Strip the spaces, dots and dashes people type or scanners add."""
    return "".join(ch for ch in text if ch not in " .-\t\r\n")


def _region_known(number: str) -> bool:
    return _region_prefix_known(number[:4])


@functools.lru_cache(maxsize=1024)
def _region_prefix_known(prefix: str) -> bool:
    """stdnum's region table, cached: a roster checks hundreds of thousands of NIKs."""
    return bool(numdb.get("id/loc").info(prefix)[0][1])


def check_nik(value: str) -> str | None:
    """None when the NIK is well formed, else the message code of the first rule it breaks."""
    number = digits_only(value)
    if not number.isdigit() or not number.isascii():
        return "nik.digits"
    if len(number) != 16:
        return "nik.length"
    day = int(number[6:8])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return "nik.birthdate"
    try:
        stdnum_nik.get_birth_date(number)
    except ValidationError:
        return "nik.birthdate"
    if not _region_known(number):
        return "nik.region"
    if number[12:] == "0000":
        return "nik.serial"
    return None


def nik_info(value: str) -> NikInfo:
    """Region, birth date and sex of a well-formed NIK (ValueError if malformed)."""
    code = check_nik(value)
    if code:
        raise ValueError(code)
    number = digits_only(value)
    return NikInfo(
        region=number[:6],
        birth_date=stdnum_nik.get_birth_date(number),
        female=int(number[6:8]) > 40,
    )


def check_kk(value: str) -> str | None:
    """None when a family card number (No. KK) is well formed, else a message code."""
    number = digits_only(value)
    if not number.isdigit() or not number.isascii():
        return "kk.digits"
    if len(number) != 16:
        return "kk.length"
    if not _region_known(number):
        return "kk.region"
    day, month, year = int(number[6:8]), int(number[8:10]), int(number[10:12])
    try:
        dt.date(2000 + year, month, day)
    except ValueError:
        try:
            dt.date(1900 + year, month, day)
        except ValueError:
            return "kk.date"
    return None


def check_card(value: str) -> str | None:
    """None when a KKS card number is 16 digits with a valid Luhn check digit."""
    number = digits_only(value)
    if not number.isdigit() or not number.isascii():
        return "card.digits"
    if len(number) != 16:
        return "card.length"
    if not luhn.is_valid(number):
        return "card.luhn"
    return None


def luhn_complete(partial: str) -> str:
    """Append the Luhn check digit (used by the demo generator)."""
    return partial + luhn.calc_check_digit(partial)


# --- the identifier hash (docs/data-safety.md, "Identifiers that stay pseudonymous") -------
#
# Version 1 was HMAC-SHA256(key, "kind:digits"): about a microsecond per guess, so whoever
# held the key and a family's hash + last 4 digits + region found the NIK among ~73,000
# candidates in a tenth of a second. Version 2 runs scrypt over the version-1 value, keyed by
# a salt derived from the same key: one hash costs ~10 ms (a card scan does 2-3 of them),
# a guess costs the same, and the brute force of one family goes from 0.1 s to minutes of
# CPU (measured figures: docs/data-safety.md). Because version 2 is a function of version 1,
# stored hashes are re-hashed without knowing any identifier (`rehash_v1`): the office and
# the outlets migrate in place, and both keep computing the same values.
#
# Nothing caches a hash by identifier: a cache would be a table from identifiers to hashes.
PRODUCTION_HASH_VERSION = 2
PRODUCTION_SCRYPT_N = 2**12  # 4 MiB of memory per hash (128 * r * n bytes): hard on GPUs
PRODUCTION_SCRYPT_R = 8
SCRYPT_P = 1
_SCRYPT_MAXMEM = 32 * 1024 * 1024
# The test suite (tests/conftest.py sets this before importing the app, and its child
# processes inherit it) hashes thousands of synthetic families: it uses a trivial cost
# under ANOTHER version number, so data hashed that way is refused by a normal app
# (`safety.hash_version`) and a normal database is refused by a test-mode app: the
# weak cost can never silently apply to real data.
TEST_COST_ENV = "EWARONG_TEST_CHEAP_IDENTIFIER_HASH"
TEST_HASH_VERSION = 9002
if os.environ.get(TEST_COST_ENV) == "1":
    HASH_VERSION, SCRYPT_N, SCRYPT_R = TEST_HASH_VERSION, 2, 1
else:
    HASH_VERSION, SCRYPT_N, SCRYPT_R = (
        PRODUCTION_HASH_VERSION, PRODUCTION_SCRYPT_N, PRODUCTION_SCRYPT_R
    )  # fmt: skip


def keyed_hash_v1(key: bytes, kind: str, value: str) -> str:
    """Version 1 (HMAC-SHA256 of "kind:digits"): kept only as the input of version 2."""
    message = f"{kind}:{digits_only(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _scrypt_salt(key: bytes) -> bytes:
    return hmac.new(key, b"ewarong identifier hash v2 salt", hashlib.sha256).digest()


def rehash_v1(key: bytes, v1_hex: str, *, n: int | None = None, r: int | None = None) -> str:
    """Version 2 of a stored version-1 hash (the re-hash migration; no identifier needed).

    `n`/`r` only for the cost measurement (tests/core/test_identifier_cost.py)."""
    digest = hashlib.scrypt(
        v1_hex.encode(), salt=_scrypt_salt(key), n=n or SCRYPT_N, r=r or SCRYPT_R,
        p=SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32,
    )  # fmt: skip
    return digest.hex()


def keyed_hash(key: bytes, kind: str, value: str) -> str:
    """The slow keyed hash of a normalised identifier: the only form NIK, KK and card are
    kept in (version 2: scrypt over the HMAC; see above).

    `kind` ('nik', 'kk', 'card') separates the namespaces so a NIK never matches a card.
    """
    return rehash_v1(key, keyed_hash_v1(key, kind, value))


def last4(value: str) -> str:
    number = digits_only(value)
    return number[-4:] if len(number) >= 4 else number


def mask_card(last_four: str) -> str:
    """`**** 1234`: the most a receipt or screen shows of a card."""
    return f"**** {last_four}" if last_four else ""


def mask_nik(last_four: str) -> str:
    """`************1234`: twelve stars then the last four digits."""
    return "*" * 12 + last_four if last_four else ""
