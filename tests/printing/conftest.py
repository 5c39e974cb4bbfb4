"""Printing fixtures: an outlet with families, vouchers, stock and three real sales."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.printing.world import World, redeem, seed, sell_cash, void


@dataclass(frozen=True)
class Sales:
    world: World
    redemption: int
    cash: int
    void: int


@pytest.fixture
def sales(ctx, clock) -> Sales:
    world = seed(ctx)
    clock.advance(minutes=5)  # 09:05 WIB
    redemption = redeem(ctx, world, 0, [("BRS-P", 10_000), ("TLR", 700)])
    clock.advance(minutes=3)
    cash = sell_cash(ctx, world, [("MNY", 2_000)], 50_000)
    clock.advance(minutes=4)
    voided = void(ctx, world, redemption, "salah input")
    return Sales(world, redemption, cash, voided)
