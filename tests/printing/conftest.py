"""Printing fixtures: an outlet with families, vouchers, products and three sales."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.printing.handmade import World, make_sale, seed


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
    redemption = make_sale(
        ctx, world, [("BRS-P", 10_000), ("TLR", 700)], family_id=world.families[0]
    )
    clock.advance(minutes=3)
    cash = make_sale(ctx, world, [("MNY", 2_000)], cash_tendered=50_000)
    clock.advance(minutes=4)
    void = make_sale(ctx, world, [], voids=redemption, reason="salah input")
    return Sales(world, redemption, cash, void)
