"""The office certificate's fingerprint, as both ends write it (set-up file, QR, pin)."""

from __future__ import annotations

import hashlib
import ssl


def der_pin(der: bytes) -> str:
    """SHA-256 of the certificate's DER bytes, lowercase hex (what `openssl x509
    -fingerprint -sha256` prints, without the colons)."""
    return hashlib.sha256(der).hexdigest()


def certificate_pin(pem: str) -> str:
    return der_pin(ssl.PEM_cert_to_DER_cert(pem))


def normalise_pin(pin: str) -> str:
    """Accept the fingerprint as printed by openssl (colons, capitals) or plain hex."""
    return pin.strip().replace(":", "").replace(" ", "").lower()
