"""Training mode never syncs: every way out of the practice outlet is refused in the
services, before a connection is made or a byte is written (issue 13)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from ewarong_pos.central.models import JournalEntry as CentralEntry
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Account, Family, Product, SyncState, Voucher
from ewarong_pos.services import rebuild, sales, sync, training
from tests.sync.harness import BreakingProxy, enrollment_code, make_outlet, seed_central


class CountingProxy(BreakingProxy):
    """The office behind a proxy that counts every connection made to it."""

    def __init__(self, upstream_port: int) -> None:
        self.connections = 0
        super().__init__(upstream_port)

    def _handle(self, client) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            self.connections += 1
        super()._handle(client)


def _folder_state(root) -> dict[str, str]:
    """Every file of the practice folder and its bytes' hash (the log folder aside)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "logs" not in p.parts and not p.name.endswith("-shm")
    }


def _central_entries(service) -> int:
    with service.central.session() as s:
        return int(s.scalar(select(func.count()).select_from(CentralEntry)) or 0)


def _practice_sale(ctx) -> None:
    with ctx.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "kasir"))
        rice = s.scalar(select(Product.id).where(Product.sku == "BRS-MED-05"))
        family = s.scalar(
            select(Voucher.family_id)
            .join(Family, Family.id == Voucher.family_id)
            .where(Voucher.status == "open", Family.outlet_code == "EW-3173-0001")
            .order_by(Voucher.family_id.desc())
            .limit(1)
        )
    sales.redeem(ctx, cashier, family, [sales.CartLine(rice, 1_000)])


def test_a_sync_from_the_practice_outlet_reaches_no_server_and_changes_nothing(
    service, tmp_path, clock
):
    seed_central(service.central, tmp_path, {"EW-1": ["D1", "D2"]}, clock())
    proxy = CountingProxy(service.port)
    try:
        real = make_outlet(tmp_path / "real", "EW-1", clock)
        sync.enroll(real, proxy.url, enrollment_code(service.central, "EW-1", clock()))
        sync.sync_now(real)
        # the way to the office works: the real outlet's enrollment and sync went through
        seen = proxy.connections
        assert seen > 0
        entries = _central_entries(service)

        practice = training.open_training(real).ctx
        try:
            _practice_sale(practice)
            # the worst case: the real enrollment (token, office address) copied into
            # the practice folder; without the refusal a round would push and pull
            sync.write_identity(practice, sync.load_identity(real))
            before = _folder_state(practice.data_dir.root)
            with practice.db.read() as s:
                states = s.scalar(select(func.count()).select_from(SyncState))

            attempts = {
                "sync": lambda: sync.sync_now(practice),
                "sync with retry": lambda: sync.sync_with_retry(practice, attempts=1),
                "enroll": lambda: sync.enroll(practice, proxy.url, "ABCD-EFGH"),
                "USB export": lambda: sync.export_pending(practice, tmp_path / "out.json"),
                "USB import": lambda: sync.import_changes(practice, tmp_path / "in.json"),
                "rebuild": lambda: rebuild.rebuild_from_central(practice),
            }
            codes = {}
            for name, attempt in attempts.items():
                with pytest.raises(DomainError) as refused:
                    attempt()
                codes[name] = refused.value.code
            assert codes == {
                "sync": "training.no_sync",
                "sync with retry": "training.no_sync",
                "enroll": "training.no_enroll",
                "USB export": "training.no_transfer",
                "USB import": "training.no_transfer",
                "rebuild": "training.no_sync",
            }
            assert "Mode latihan" in DomainError("training.no_sync").message("id")

            assert proxy.connections == seen  # no connection at all
            assert _central_entries(service) == entries  # the office holds nothing new
            assert _folder_state(practice.data_dir.root) == before  # not a byte written
            assert not (practice.data_dir.root / sync.RUN_MARK).exists()
            assert not (tmp_path / "out.json").exists()
            with practice.db.read() as s:
                assert s.scalar(select(func.count()).select_from(SyncState)) == states
        finally:
            practice.close()
        # the real outlet still syncs, through the same way
        sync.sync_now(real)
        assert proxy.connections > seen
        real.close()
    finally:
        proxy.stop()
