"""The sealed set-up file: a new outlet's enrollment and first data, for a USB stick.

The content (`SetupContent`: the device token, the office's certificate, the families'
keyed hashes and the accounts' PIN hashes) is encrypted with AES-256-GCM under a key
derived with scrypt from the one-time code the office prints with the file. The code
travels apart from the stick (on paper, by phone), so a lost stick discloses nothing,
and GCM's tag refuses a file altered on the way. `cryptography` is already the outlet's
dependency (the database key's sealing); scrypt makes guessing the 60-bit code costly.
"""

from __future__ import annotations

import base64
import os
from urllib.parse import parse_qs, urlencode

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import ValidationError

from ewarong_pos.protocol import schemas as w

_AAD_PREFIX = b"ewarong-setup\n"
SCRYPT_N = 2**15


class SetupFileError(Exception):
    """The file is not a set-up file, or the code does not open it (wrong or altered)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # 'format' or 'code'


def _normalise(code: str) -> bytes:
    # the same normalisation as the office's code hash: case, dashes and spaces ignored
    return code.strip().upper().replace("-", "").replace(" ", "").encode("utf-8")


def _key(code: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(_normalise(code))


def _aad(outlet_code: str, created_at: str) -> bytes:
    return _AAD_PREFIX + f"{outlet_code}\n{created_at}".encode()


def seal_setup(content: w.SetupContent, code: str, created_at: str) -> w.SetupFile:
    salt, nonce = os.urandom(16), os.urandom(12)
    outlet = content.enrollment.outlet_code
    data = AESGCM(_key(code, salt)).encrypt(
        nonce, content.model_dump_json().encode("utf-8"), _aad(outlet, created_at)
    )
    return w.SetupFile(
        created_at=created_at,
        outlet_code=outlet,
        salt=salt.hex(),
        nonce=nonce.hex(),
        data=base64.b64encode(data).decode("ascii"),
    )


def read_setup_file(raw: bytes) -> w.SetupFile:
    try:
        return w.SetupFile.model_validate_json(raw)
    except ValueError:
        raise SetupFileError("format") from None


def open_setup(file: w.SetupFile, code: str) -> w.SetupContent:
    """The content, or SetupFileError('code') for a wrong code or an altered file."""
    try:
        salt, nonce = bytes.fromhex(file.salt), bytes.fromhex(file.nonce)
        data = base64.b64decode(file.data, validate=True)
    except ValueError:
        raise SetupFileError("format") from None
    try:
        plain = AESGCM(_key(code, salt)).decrypt(
            nonce, data, _aad(file.outlet_code, file.created_at)
        )
    except (InvalidTag, ValueError):
        raise SetupFileError("code") from None
    try:
        content = w.SetupContent.model_validate_json(plain)
    except ValidationError:
        raise SetupFileError("format") from None
    if content.enrollment.outlet_code != file.outlet_code:
        raise SetupFileError("format")
    return content


# --- the office's set-up QR: address, one-time code and certificate fingerprint -----------

LINK_SCHEME = "ewarong-setup:"


def setup_link(url: str, code: str, pin: str = "") -> str:
    """What the office's QR holds (a scanner types it into the set-up screen)."""
    query = {"url": url, "code": code}
    if pin:
        query["pin"] = pin
    return LINK_SCHEME + "?" + urlencode(query)


def parse_setup_link(text: str) -> tuple[str, str, str] | None:
    """(url, code, pin) of a scanned set-up QR, or None when the text is not one."""
    text = text.strip()
    if not text.lower().startswith(LINK_SCHEME):
        return None
    query = parse_qs(text[len(LINK_SCHEME) :].lstrip("?"), keep_blank_values=True)

    def one(key: str) -> str:
        values = query.get(key) or [""]
        return values[0].strip()

    if not one("url") or not one("code"):
        return None
    return one("url"), one("code"), one("pin")
