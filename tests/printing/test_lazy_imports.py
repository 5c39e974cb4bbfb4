"""The printing modules load python-escpos, reportlab and qrcode only when they render:
the app imports them at start-up, before the counter is shown."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_printing_modules_loads_no_rendering_library():
    code = (
        "import sys\n"
        "import ewarong_pos.printing.escpos, ewarong_pos.printing.pdf_receipt\n"
        "import ewarong_pos.services.printing\n"
        "heavy = {'escpos', 'reportlab', 'qrcode'} & {m.split('.')[0] for m in sys.modules}\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_pdf_millimetre_is_reportlabs():
    from reportlab.lib.units import mm

    from ewarong_pos.printing import pdf_receipt

    assert pdf_receipt.mm == mm
