#!/usr/bin/env bash
# Training mode ("Latihan", issue 13) on a real X display (../shared/tools/desk: Xvfb
# 1366x768, openbox keeping a 40 px taskbar, keys and scans by xdotool), a screenshot of
# every step, and the practice receipt as the 58 mm printer draws it.
#
#   DESK_DISPLAY=92 DESK_DIR=/tmp/desk-latihan docs/screenshots/desk_latihan.sh [max|min] [id|en]
#
# The "real" outlet is desk_prep.py's demo (no PINs on its login), with a PDF printer;
# Ctrl+Shift+P on its login opens the practice outlet in DATA/latihan. Screenshots go to
# docs/screenshots/desk-latihan-SIZE-*.png (desk-latihan-en-SIZE-* in English, the app and
# its receipts); the receipt to docs/receipt-latihan-58mm.png (-en- in English); the day's
# practice report exported from the Reports tab (F7, F5, Ctrl+E), its first page to
# docs/screenshots/latihan-report.png (max, Indonesian).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DESK=${DESK:-$ROOT/../shared/tools/desk}
[ -x "$DESK" ] || DESK=/work/shared/tools/desk
PY=${PY:-$ROOT/.venv/bin/python}
SIZE=${1:-max}
LANG_UI=${2:-id}
TAG=$SIZE; [ "$LANG_UI" = en ] && TAG=en-$SIZE
WORK=${DESK_DIR:-/tmp/desk}
DATA=$WORK/outlet-latihan-$TAG
PRINTS=$WORK/prints-$TAG
rm -rf "$DATA" "$PRINTS"
mkdir -p "$PRINTS"
eval "$("$PY" "$HERE/desk_prep.py" "$DATA")"   # PIN_KASIR RICE5 ... (the real outlet's)
# the real till's printer: receipts as 58 mm PDFs in a folder (a practice receipt uses it)
"$PY" - "$DATA" "$PRINTS" "$LANG_UI" <<'EOF'
import sys
from ewarong_pos.services import printing
from ewarong_pos.services.context import open_existing_outlet
ctx = open_existing_outlet(sys.argv[1])
printing.save_printer_settings(
    ctx, printing.PrinterSettings(kind="pdf", uri=sys.argv[2], paper_mm=58, lang=sys.argv[3])
)
ctx.close()
EOF
# what the practice outlet holds (services.training builds it with the same seed every time)
eval "$("$PY" - <<'EOF'
from ewarong_pos.services import demo, training
family = next(f for f in demo.demo_families(training.SEED, training.KPM)
              if f.card and f.status == "active" and not f.flags)
print(f"TRAINING_CARD={family.card}")
EOF
)"

d() { "$DESK" "$@"; }
shot() { d wait "${2:-1.5}"; d shot "$HERE/desk-latihan-$TAG-$1.png" >/dev/null; echo "shot $TAG-$1"; }

d up >/dev/null
if [ "$SIZE" = min ]; then
  d run "$PY" -m ewarong_pos.app --data-dir "$DATA" --lang "$LANG_UI" --window-size 1040x700 >/dev/null
else
  d run "$PY" -m ewarong_pos.app --data-dir "$DATA" --lang "$LANG_UI" >/dev/null
fi
d wait 6
shot 01-real-login
d key ctrl+shift+p                                  # Latihan: the practice outlet
d wait 1
shot 02-building 0.5
d wait 8
shot 03-training-login
d type "$PIN_KASIR"; d key Return                   # the practice PINs are the demo's
shot 04-training-float 3
d key ctrl+a; d type 2; d key Return                # float: 2 x 100.000
shot 05-training-counter
# a redemption: card, packed rice by barcode, 1 kg of loose eggs, commit
d scan "$TRAINING_CARD"
d wait 1
d scan "$RICE5"
d key F8; d type t; d key Return; d key Return
shot 06-training-cart
d key F12
shot 07-training-committed 3
d key F4                                             # transactions: the receipt preview
shot 08-training-receipt 2
d key F7                                             # reports: the practice day's
d wait 1
d key F5
shot 08b-training-reports 2
d key ctrl+e                                         # its PDF, into DATA/latihan/exports
shot 08c-training-report-exported 2
d key F10
shot 09-training-settings 2
d key ctrl+shift+q                                   # leave training
shot 10-real-login-again 3
d down >/dev/null || true
# the practice receipt, as the real 58 mm printer draws it, and its PDF
RECEIPT=$ROOT/docs/receipt-latihan-58mm.png; [ "$LANG_UI" = en ] && RECEIPT=$ROOT/docs/receipt-latihan-en-58mm.png
PYTHONPATH=$ROOT "$PY" - "$DATA/latihan" "$RECEIPT" "$LANG_UI" <<'EOF'
import sys
from sqlalchemy import select
from ewarong_pos.db.models import Sale
from ewarong_pos.printing.escpos import PaperSpec, render_receipt
from ewarong_pos.printing.labels import Labels
from ewarong_pos.services import printing
from ewarong_pos.services.context import open_outlet
from tests.printing.escpos_image import render
ctx = open_outlet(sys.argv[1], encrypt=False, create=False)
with ctx.db.read() as s:
    sale = s.scalar(select(Sale.id).where(Sale.kind == "redemption").order_by(Sale.id.desc()))
receipt = printing.receipt_for(ctx, sale)
render(render_receipt(receipt, Labels.for_lang(sys.argv[3]), PaperSpec(58)), 384, 4).save(sys.argv[2])
print("receipt", receipt.receipt_no, "->", sys.argv[2])
ctx.close()
EOF
ls "$PRINTS"
# the exported practice report's first page, as it prints (docs/screenshots/latihan-report.png)
REPORT=$(ls -t "$DATA"/latihan/exports/*.pdf | head -1)
echo "report $REPORT"
if [ "$TAG" = max ]; then
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$REPORT" "$HERE/latihan-report"
fi
