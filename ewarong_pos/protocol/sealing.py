"""Seals of the USB transfer files: an HMAC both ends can compute from the device token.

The service stores only SHA-256(token); the seal key is that same hash, which the outlet
computes from its token. So a file cannot be forged without the token or the service's
database; the hash chain inside still catches any edit of the entries themselves.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from ewarong_pos.core.journal import canonical


def token_hash(token: str) -> str:
    """What the service stores instead of the token (tokens are 256-bit random)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def seal(key_hex: str, purpose: str, value: Any) -> str:
    """HMAC-SHA256 of the canonical JSON of `value`, bound to its purpose."""
    data = (purpose + "\n" + canonical(value)).encode("utf-8")
    return hmac.new(bytes.fromhex(key_hex), data, hashlib.sha256).hexdigest()


def check_seal(key_hex: str, purpose: str, value: Any, mac: str) -> bool:
    return hmac.compare_digest(seal(key_hex, purpose, value), mac)
