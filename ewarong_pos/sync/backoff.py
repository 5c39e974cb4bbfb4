"""Exponential backoff with full jitter, so outlets coming back online don't stampede."""

from __future__ import annotations

import random
from collections.abc import Callable


def backoff_delay(
    failures: int,
    *,
    base: float = 2.0,
    cap: float = 300.0,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait after `failures` consecutive failures (0 after none)."""
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * (2 ** min(failures - 1, 30)))
    return float(ceiling * rng())
