"""device.clock_high_at/seq: the latest time in a device's journal since its last clock
correction, kept by a trigger, so the till refuses what `journal verify` would report

Revision ID: 0004_clock_high_water
Revises: 0003_sale_balance
Create Date: 2026-12-05 03:40:00

The till compared a new fact's time with the device's LAST entry only, while `journal
verify` compares it with the latest time since the last `clock.corrected` entry: a clock
stepped back by nine minutes twice passed at the till and was reported by verify. The
till now compares with the same high-water mark, read with the device row (no scan of
the journal on the commit path). The trigger keeps it on every insert, whatever writes
the entry (a fact, a restore, a rebuild). A tie goes to the newer entry: a restore
marker deleted and written again at a new seq with the same time (a rechain after the
office's head, a rebuild) must not leave the mark on a seq that no longer exists.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_clock_high_water"
down_revision = "0003_sale_balance"
branch_labels = None
depends_on = None

CORRECTED_KIND = "clock.corrected"  # services.clock.CORRECTED_KIND, as of this revision

# the mark moves to the new entry when it is a correction, the first, or not earlier
_MOVES = f"NEW.kind = '{CORRECTED_KIND}' OR clock_high_at IS NULL OR NEW.at >= clock_high_at"
TRIGGER = (
    "CREATE TRIGGER journal_clock_high AFTER INSERT ON journal BEGIN UPDATE device SET "
    f"clock_high_at = CASE WHEN {_MOVES} THEN NEW.at ELSE clock_high_at END, "
    f"clock_high_seq = CASE WHEN {_MOVES} THEN NEW.seq ELSE clock_high_seq END "
    "WHERE id = NEW.device_id; END"
)


def upgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("clock_high_at", sa.String(32), nullable=True))
        batch.add_column(sa.Column("clock_high_seq", sa.Integer(), nullable=True))
    op.execute(TRIGGER)
    # The mark of the journals already there, as `journal verify` walks them.
    conn = op.get_bind()
    marks: dict[str, tuple[str, int]] = {}
    rows = conn.execute(sa.text("SELECT device_id, seq, kind, at FROM journal ORDER BY device_id, seq"))
    for device_id, seq, kind, at in rows:
        mark = marks.get(device_id)
        if kind == CORRECTED_KIND or mark is None or at >= mark[0]:
            marks[device_id] = (at, seq)
    for device_id, (at, seq) in marks.items():
        conn.execute(
            sa.text("UPDATE device SET clock_high_at = :at, clock_high_seq = :seq WHERE id = :id"),
            {"at": at, "seq": seq, "id": device_id},
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS journal_clock_high")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("clock_high_seq")
        batch.drop_column("clock_high_at")
