"""Tokens and one-time codes: random, shown once, kept only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from ewarong_pos.protocol.sealing import token_hash

__all__ = ["code_hash", "new_enrollment_code", "new_token", "token_hash"]

# No look-alike characters: the code is read out over the phone or typed from paper.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def code_hash(code: str) -> str:
    return hashlib.sha256(("enroll:" + normalise_code(code)).encode()).hexdigest()
