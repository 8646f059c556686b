#!/usr/bin/env bash
# Renders the clinician report in headless Chromium (Debian's `chromium`,
# installed when missing): the demo client's own report, and the therapist's
# view of an update the client sent (paired, exported, imported and rendered
# with the CLI's `share report`). For each, a screenshot and the DOM; checks
# the charts are there with titles, no error text, and a real PNG; on the
# therapist's view also the scope line and that sections not shared are
# absent. Uses CARGO_TARGET_DIR when set.
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

# render NAME: $WORK/NAME.html -> $WORK/NAME.png (screenshot) and $WORK/NAME.dom.html
render() {
    local name="$1"
    chromium "${FLAGS[@]}" --user-data-dir="$WORK/profile-$name-1" --window-size=900,2600 \
        --screenshot="$WORK/$name.png" "file://$WORK/$name.html" > "$WORK/$name.shot.log" 2>&1 || true
    chromium "${FLAGS[@]}" --user-data-dir="$WORK/profile-$name-2" --dump-dom \
        "file://$WORK/$name.html" > "$WORK/$name.dom.html" 2> "$WORK/$name.dom.log" || true
}

# common_checks NAME LABEL: heading, titled charts, no error text, no script,
# a real PNG; sets SVGS to the number of charts.
common_checks() {
    local name="$1" label="$2" dom="$WORK/$1.dom.html"
    local titled size
    SVGS=$(grep -o '<svg[^>]*role="img"' "$dom" | wc -l)
    titled=$(grep -oE '<svg[^>]*role="img"[^>]*><title id="chart-[a-z-]*-t">[^<]+</title>' "$dom" | wc -l)
    check "$label: DOM has the report heading" grep -q "<h1>Medication and wellbeing report</h1>" "$dom"
    check "$label: every chart has a title (found $titled of $SVGS)" test "$titled" -eq "$SVGS"
    check "$label: no error text" bash -c "! grep -qiE 'error|panic|undefined|NaN' '$dom'"
    check "$label: no script, no external assets" bash -c "! grep -qiE '<script|src=\"http|href=\"http|@import' '$WORK/$name.html'"
    check "$label: screenshot is a PNG" bash -c "head -c 8 '$WORK/$name.png' | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a'"
    size=$(stat -c %s "$WORK/$name.png" 2>/dev/null || echo 0)
    check "$label: screenshot is not trivial ($size bytes)" test "$size" -gt 20000
}

# 1. The client's own report: every chart.
render report
common_checks report "client's report"
check "client's report: 5 charts rendered (found $SVGS)" test "$SVGS" -ge 5
for id in calendar timing mood side-effects barriers; do
    check "client's report: chart $id present" grep -q "id=\"chart-$id\"" "$WORK/report.dom.html"
done
if [ -n "${REPORT_SCREENSHOT:-}" ]; then cp "$WORK/report.png" "$REPORT_SCREENSHOT"; fi

# 2. The therapist's view: the client shares the dose log and mood; the
# therapist imports the file and renders it.
# The demo sealed the client's share keys under its own secret (for its
# second device: examples/cli/src/sync_cmd/demo.rs, DEMO_PHONE_SECRET).
export CLIENT_SECRET=dededededededededededededededededededededededededededededededede
export JO_SECRET=2222222222222222222222222222222222222222222222222222222222222222
C=("$CADENCE" --db "$WORK/demo.db" --json)
T=("$CADENCE" --db "$WORK/jo.db" --json)
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
# Only `demo` and `profile set` create a database: Jo sets up first.
"${T[@]}" profile set --name Jo --home-zone America/New_York > /dev/null
CLIENT_CODE=$("${C[@]}" share keys --secret-env CLIENT_SECRET | json '["pairing_code"]')
CLIENT_FP=$("${C[@]}" share keys --secret-env CLIENT_SECRET | json '["fingerprint"]')
JO_CODE=$("${T[@]}" share keys --secret-env JO_SECRET | json '["pairing_code"]')
JO_FP=$("${T[@]}" share keys --secret-env JO_SECRET | json '["fingerprint"]')
JO=$("${C[@]}" team add --name "Jo Park" --role therapist | json '["id"]')
JO_PAIRING=$("${C[@]}" share pair-member "$JO" "$JO_CODE" | json '["id"]')
CLIENT=$("${T[@]}" share pair-client Alex "$CLIENT_CODE" | json '["id"]')
# Both compared the fingerprints on their screens: each confirms the other's.
"${C[@]}" share confirm "$JO_PAIRING" "$JO_FP" > /dev/null
"${T[@]}" share confirm "$CLIENT" "$CLIENT_FP" > /dev/null
"${C[@]}" consent grant --member "$JO" --categories dose_log,mood --from "$FROM" > /dev/null
"${C[@]}" share export --member "$JO" --from "$FROM" --until "$TO" --out "$WORK/alex.cadence" \
    --secret-env CLIENT_SECRET > /dev/null
"${T[@]}" share import "$WORK/alex.cadence" --secret-env JO_SECRET > /dev/null
"${T[@]}" share report "$CLIENT" --out "$WORK/therapist.html" > /dev/null

render therapist
DOM="$WORK/therapist.dom.html"
common_checks therapist "therapist's view"
check "therapist's view: 4 charts rendered (found $SVGS)" test "$SVGS" -eq 4
for id in calendar timing mood barriers; do
    check "therapist's view: chart $id present" grep -q "id=\"chart-$id\"" "$DOM"
done
check "therapist's view: the scope line is on the page" \
    grep -qE '<p class="meta scope">Shared by the client: dose log [^<]+; mood [^<]+\. Not shared: medication list, side effects, questionnaires, [^<]+</p>' "$DOM"
check "therapist's view: the side-effect chart (not shared) is absent" bash -c "! grep -q 'id=\"chart-side-effects\"' '$DOM'"
check "therapist's view: the questionnaire panel says it was not shared" grep -q "Questionnaires: not shared by the client" "$DOM"
check "therapist's view: no notes, care plan or medication list (not shared)" \
    bash -c "! grep -qE '<h2>(Notes the person chose to share|Care plan|Medications)</h2>' '$DOM'"
check "therapist's view: no medication name (the medication list was not shared)" \
    bash -c "! grep -qE 'Sertraline|Lamotrigine|Hydroxyzine|Quetiapine|Lithium' '$DOM'"
if [ -n "${THERAPIST_SCREENSHOT:-}" ]; then cp "$WORK/therapist.png" "$THERAPIST_SCREENSHOT"; fi

echo "Browser: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
