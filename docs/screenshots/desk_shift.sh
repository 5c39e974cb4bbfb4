#!/usr/bin/env bash
# A cashier's shift on a real X display (../shared/tools/desk: Xvfb 1366x768, openbox
# keeping a 40 px taskbar, keys and scans by xdotool), with a screenshot of every step.
#
#   DESK_DISPLAY=101 DESK_DIR=/tmp/desk-counter docs/screenshots/desk_shift.sh [max|min]
#
# max: the window as it starts (maximized); min: opened at the smallest size the app
# allows (MainWindow MIN_WIDTH x MIN_HEIGHT, --window-size 1040x700). Screenshots go to docs/screenshots/desk/.
# A scan is `desk scan` (8 ms a key, then Enter); everything else is keys, no mouse.
# Old shots of this size are removed first, so a renamed step leaves no stale picture.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DESK=${DESK:-$ROOT/../shared/tools/desk}
[ -x "$DESK" ] || DESK=/work/shared/tools/desk
PY=${PY:-$ROOT/.venv/bin/python}
SIZE=${1:-max}
OUT=$HERE/desk
DATA=${DESK_DIR:-/tmp/desk}/outlet-$SIZE
mkdir -p "$OUT"
rm -f "$OUT/$SIZE"-[0-9][0-9]*-*.png
rm -rf "$DATA"
eval "$("$PY" "$HERE/desk_prep.py" "$DATA")"   # CARD_A CARD_B NIK_SUSPENDED RICE5 ... PIN_KASIR

d() { "$DESK" "$@"; }
shot() { d wait "${2:-1.5}"; d shot "$OUT/$SIZE-$1.png" >/dev/null; echo "shot $SIZE-$1"; }

d up >/dev/null
if [ "$SIZE" = min ]; then
  # the smallest size the app allows (ui/main_window.py MIN_WIDTH x MIN_HEIGHT)
  d run "$PY" -m ewarong_pos.app --data-dir "$DATA" --window-size 1040x700 >/dev/null
else
  d run "$PY" -m ewarong_pos.app --data-dir "$DATA" >/dev/null
fi
d wait 6
shot 01-login
d type "$PIN_KASIR"; d key Return
shot 02-shift-float 3
d key ctrl+a; d type 2; d key Return                       # float: 2 x 100.000
shot 03-counter
# one BPNT redemption: card, packed rice by barcode, 1 kg loose eggs, commit
d scan "$CARD_A"
shot 04-card-scanned
d scan "$RICE5"
d key F8; d type t; d key Return; d key Return             # eggs: filter, Enter, Enter = 1 kg
shot 05-rice-and-eggs
d key F8; d type curah; d key Return; d type "1,5"; d key Return   # a quantity by keys
shot 06-quantity-by-keys
d key F12
shot 07-committed 2
# an over-voucher cart: 9 sacks of 10 kg
d scan "$CARD_A"; d wait 1
d type "9*"; d scan "$RICE10"
shot 08-over-voucher
d key Escape
shot 09-leave-asks
d key b; d wait 1                                          # discard the cart
# park and resume: A's cart, B's card scanned
d scan "$CARD_A"; d wait 1; d scan "$RICE5"
d scan "$CARD_B"
shot 10-other-card-asks
d key p                                                   # park A, open B
shot 11-parked
d key ctrl+r
shot 12-resumed
d key F12
shot 13-resumed-committed 2
# a suspended family
d scan "$NIK_SUSPENDED"
shot 14-suspended
d key Escape
# an unknown scan
d scan 1234567890123452
shot 15-unknown-scan
# cash sale: two products; 100.000 (Ctrl+4) is too little and is refused with the
# numbers; the customer hands over 200.000 (F11, typed), F12: the change stays, large
d key F2; d wait 1
d scan "$RICE5"; d type "2*"; d scan "$PREMIUM5"
shot 16-cash-cart
d key ctrl+4
shot 16a-cash-too-little
d key F11; d type "200.000"
shot 17-cash-tendered
d key F12
shot 18-cash-change 2
# the key list
d key F1; d wait 1; d type "?"
shot 19-key-list
d key Escape
# English and back with a cart open: Settings (F10), the language box (Alt+B), the
# other language (Down / Up), Apply (Ctrl+Shift+A). No mouse.
d key F1; d wait 1; d scan "$CARD_A"; d wait 1; d scan "$RICE5"
d key F10
shot 20-settings 2
d key alt+b; d key Down; d key ctrl+shift+a
d wait 3; d key F1
shot 21-english-cart-kept 2
d key F10; d wait 2; d key alt+b; d key Up; d key ctrl+shift+a
d wait 3; d key F1
shot 22-indonesian-again 2
d down >/dev/null
