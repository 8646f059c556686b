#!/usr/bin/env bash
# Renders the demo's clinician report in headless Chromium (Debian's
# `chromium`, installed when missing): a screenshot and the DOM, then checks
# the charts are there with titles, no error text, and a real PNG.
# Uses CARGO_TARGET_DIR when set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PASSED=0
FAILED=0
check() { # name, command...
    local name="$1"; shift
    if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}

if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build -q -p cadence-cli
CADENCE="${CARGO_TARGET_DIR:-$ROOT/target}/debug/cadence"
"$CADENCE" --db "$WORK/demo.db" demo > /dev/null
TO="$(date -u +%F)"
FROM="$(date -u -d "$TO - 29 days" +%F)"
"$CADENCE" --db "$WORK/demo.db" report --from "$FROM" --to "$TO" --out "$WORK/report.html" > /dev/null

FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --hide-scrollbars)
chromium "${FLAGS[@]}" --user-data-dir="$WORK/profile1" --window-size=900,2600 \
    --screenshot="$WORK/report.png" "file://$WORK/report.html" > "$WORK/shot.log" 2>&1 || true
chromium "${FLAGS[@]}" --user-data-dir="$WORK/profile2" --dump-dom \
    "file://$WORK/report.html" > "$WORK/dom.html" 2> "$WORK/dom.log" || true

SVGS=$(grep -o '<svg[^>]*role="img"' "$WORK/dom.html" | wc -l)
TITLED=$(grep -oE '<svg[^>]*role="img"[^>]*><title id="chart-[a-z-]*-t">[^<]+</title>' "$WORK/dom.html" | wc -l)
check "DOM has the report heading" grep -q "<h1>Medication and wellbeing report</h1>" "$WORK/dom.html"
check "5 charts rendered (found $SVGS)" test "$SVGS" -ge 5
check "every chart has a title (found $TITLED)" test "$TITLED" -eq "$SVGS"
for id in calendar timing mood side-effects barriers; do
    check "chart $id present" grep -q "id=\"chart-$id\"" "$WORK/dom.html"
done
check "no error text" bash -c "! grep -qiE 'error|panic|undefined|NaN' '$WORK/dom.html'"
check "no script, no external assets" bash -c "! grep -qiE '<script|src=\"http|href=\"http|@import' '$WORK/report.html'"
check "screenshot is a PNG" bash -c "head -c 8 '$WORK/report.png' | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a'"
SIZE=$(stat -c %s "$WORK/report.png" 2>/dev/null || echo 0)
check "screenshot is not trivial ($SIZE bytes)" test "$SIZE" -gt 20000
if [ -n "${REPORT_SCREENSHOT:-}" ]; then cp "$WORK/report.png" "$REPORT_SCREENSHOT"; fi

echo "Browser: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
