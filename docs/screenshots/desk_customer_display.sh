#!/usr/bin/env bash
# The customer display (docs/customer-display.md) on a real X display, with screenshots:
#
#   DESK_DISPLAY=91 DESK_DIR=/tmp/desk-display docs/screenshots/desk_customer_display.sh one|two
#
# one: ../shared/tools/desk (Xvfb 1366x768, one screen, openbox keeping a 40 px taskbar):
#      the display is a normal window over the cashier's (moved to the right for the shots).
# two: its own Xvfb 2390x768 on $DESK_DISPLAY split into two RandR monitors (1366x768 for
#      the cashier, 1024x768 facing the family), openbox: the display fills the second one.
# Screenshots go to docs/screenshots/desk-customer-display-*.png. The display is switched
# on in Settings with one click (its box's place: BOX_X, BOX_Y); the rest is keys and scans.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DESK=${DESK:-$ROOT/../shared/tools/desk}
[ -x "$DESK" ] || DESK=/work/shared/tools/desk
PY=${PY:-$ROOT/.venv/bin/python}
MODE=${1:-one}
N=${DESK_DISPLAY:-99}
DIR=${DESK_DIR:-/tmp/desk}
DATA=$DIR/outlet-display-$MODE
OUT=$HERE/desk-customer-display
BOX_X=${BOX_X:-34}; BOX_Y=${BOX_Y:-665}
export DISPLAY=:$N
mkdir -p "$DIR"
rm -rf "$DATA"
eval "$("$PY" "$HERE/desk_prep.py" "$DATA")"   # CARD_A RICE5 PREMIUM5 ... PIN_KASIR

d() { "$DESK" "$@"; }
root_shot() { d wait "${2:-1.5}"; import -window root "$OUT-$1.png"; echo "shot $1"; }
display_id() { xdotool search --onlyvisible --name "$1" | head -1; }

if [ "$MODE" = two ]; then
  Xvfb ":$N" -screen 0 2390x768x24 -nolisten tcp >"$DIR/xvfb-two.log" 2>&1 &
  XVFB=$!
  for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  mkdir -p "$DIR/openbox"
  printf '%s\n' '<?xml version="1.0"?>' \
    '<openbox_config xmlns="http://openbox.org/3.4/rc"><margins><top>0</top><bottom>40</bottom><left>0</left><right>0</right></margins></openbox_config>' \
    >"$DIR/openbox/rc.xml"
  openbox --config-file "$DIR/openbox/rc.xml" >"$DIR/openbox-two.log" 2>&1 &
  OPENBOX=$!
  sleep 1
  # after openbox: an X server with no client left resets, and its monitors with it
  xrandr --setmonitor FAMILY 1024/271x768/203+1366+0 none
  xrandr --setmonitor CASHIER 1366/361x768/203+0+0 screen >/dev/null
  xrandr --listmonitors
  (unset QT_QPA_PLATFORM; exec "$PY" -m ewarong_pos.app --data-dir "$DATA" >"$DIR/app-two.log" 2>&1) &
  APP=$!
  trap 'kill $APP $OPENBOX $XVFB 2>/dev/null || true' EXIT
  d wait 8
  # openbox may open the till on either monitor: the cashier's is the left one
  MAIN=$(xdotool search --onlyvisible --name "e-Warong POS" | head -1)
  xdotool windowmove "$MAIN" 0 0 windowsize "$MAIN" 1366 728
  d wait 1
else
  d up >/dev/null
  d run "$PY" -m ewarong_pos.app --data-dir "$DATA" >/dev/null
  d wait 8
fi

d type "$PIN_KASIR"; d key Return; d wait 3
d key ctrl+a; d type 2; d key Return; d wait 2                  # the shift's float
d key F10; d wait 2
d click "$BOX_X" "$BOX_Y"; d wait 3                              # Settings: the display on
W=$(display_id "Layar pelanggan")
[ "$MODE" = one ] && xdotool windowmove "$W" 406 96
d key F1; d wait 1
[ "$MODE" = one ] && root_shot 1-idle
# a redemption: card, packed rice by barcode, 1 kg eggs, 1,5 kg loose rice by keys
d scan "$CARD_A"; d wait 2; d scan "$RICE5"
d key F8; d type t; d key Return; d key Return
d key F8; d type curah; d key Return; d type "1,5"; d key Return
if [ "$MODE" = one ]; then
  root_shot 2-redemption 2
  import -window "$W" "$OUT-3-redemption-window.png"; echo "shot 3-redemption-window"
  d key F12; root_shot 4-thanks 2
else
  root_shot 9-two-screens-redemption 2
  d key F12; root_shot 10-two-screens-thanks 2
fi
# a cash sale: two products, too little money, then enough; the change stays
d key F2; d wait 1
d scan "$RICE5"; d type "2*"; d scan "$PREMIUM5"; d wait 1
d key ctrl+4; d wait 2
if [ "$MODE" = one ]; then
  import -window "$W" "$OUT-6-cash-short-window.png"; echo "shot 6-cash-short-window"
fi
d key F11; d type "200.000"; d wait 1; d key F12
if [ "$MODE" = one ]; then
  root_shot 5-cash-change 12
  # Settings with the display's box (the display minimized), then English with a cart
  xdotool windowminimize "$W"
  d key F10; d wait 2
  xdotool mousemove 683 400 click 5 click 5 click 5
  root_shot 7-settings 1
  xdotool click 4 click 4 click 4 click 4 click 4; d wait 1
  d click 1064 450; d wait 1; d key Down; d key Return; d key ctrl+shift+a; d wait 4
  d key F1; d wait 1
  xdotool windowmap "$W"; d wait 1
  W=$(display_id "Customer display")
  xdotool windowmove "$W" 406 96 windowraise "$W"
  d scan "$CARD_A"; d wait 2; d scan "$RICE5"
  root_shot 8-english 2
  d down >/dev/null
else
  root_shot 11-two-screens-cash 3
fi
