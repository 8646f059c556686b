#!/usr/bin/env bash
# Compiles the platform-free Kotlin layer (kit/) with the generated bindings
# and runs its JUnit 4 tests against the real Cadence library, with kotlinc
# and java only (no Gradle, no Android SDK). Run bindings/scripts/generate.sh
# first. Called by tests/run-all.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
eval "$(bindings/scripts/ensure-tools.sh)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUILD="${CADENCE_BUILD_DIR:-$ROOT/build}"
KIT=examples/android/kit
OUT="$BUILD/kotlin-kit"
mkdir -p "$OUT"
rm -f "$OUT/kit.jar"
CP="$JNA_JAR:$JUNIT_JAR:$HAMCREST_JAR"
"$KOTLIN_HOME/bin/kotlinc" -Werror -nowarn \
  $(find "$BUILD/bindings/kotlin" -name '*.kt') $(find "$KIT/src" -name '*.kt') \
  -cp "$CP" -jvm-target 17 -d "$OUT/kit.jar" 2>&1 | grep -v '^warning: unable to find kotlin-stdlib' || true
[[ -f "$OUT/kit.jar" ]] || { echo "Kotlin kit compilation failed" >&2; exit 1; }
CLASSES=$(find "$KIT/src/test" -name '*Test.kt' -exec basename {} .kt \; | sort | sed 's/^/health.cadence.kit./')
java -cp "$OUT/kit.jar:$CP:$KOTLIN_HOME/lib/kotlin-stdlib.jar" -Djna.library.path="$TARGET_DIR/debug" \
  org.junit.runner.JUnitCore $CLASSES | tee "$OUT/junit.log" | grep -v '^\s*at \(org.junit\|java.base\|jdk.internal\|sun.reflect\)' 
