"""Settings of the central service (limits); defaults fit a city's office."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # A 500-entry batch of sales is about 1 MB; anything far larger is not an honest push.
    max_body_bytes: int = 4 * 1024 * 1024
    # Per-device token bucket: sustained requests per second and burst size.
    rate_per_second: float = 20.0
    rate_burst: int = 60
    enrollment_code_days: int = 14
    # A roster uploaded in the console or the admin API (a whole city's is about 50 MB; the
    # roster parser's own ceiling is 128 MB).
    max_upload_bytes: int = 128 * 1024 * 1024
    # Per client address on /enroll (no token yet): a code is 60 bits, but guessing costs
    # the office's database a look-up each time. A few a minute, a burst of 10.
    enroll_rate_per_second: float = 0.1
    enroll_burst: int = 10
