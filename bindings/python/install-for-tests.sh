#!/usr/bin/env bash
# Installs the Python package `cadence` with the DEBUG library (fast: reuses an
# up-to-date debug build, e.g. from bindings/scripts/generate.sh) and the test
# dependencies (test-requirements.txt) into a virtualenv under the build folder,
# $CADENCE_BUILD_DIR/venv (default build/venv), created on first use and reused
# afterwards. Prints the virtualenv's python on stdout (everything else goes to
# stderr):
#   PY="$(bindings/python/install-for-tests.sh)"
#   "$PY" -m pytest -q tests/python
# Honours CARGO_TARGET_DIR. Creating the virtualenv needs `python3 -m venv`;
# where ensurepip is missing (Debian without python3-venv) it installs Debian's
# python3-venv. The system site-packages are never touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${CADENCE_BUILD_DIR:-$ROOT/build}"
VENV="$BUILD/venv"
PYTHON="${PYTHON:-python3}"
PIP=(-m pip --disable-pip-version-check --no-input)

venv_ok() { "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }

make_venv() {
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" >&2
}

if ! venv_ok; then
  echo "creating the virtualenv $VENV" >&2
  mkdir -p "$BUILD"
  if ! make_venv 2>/dev/null || ! venv_ok; then
    # Debian's python3 ships venv's ensurepip separately.
    if command -v apt-get >/dev/null && [[ "$(command -v "$PYTHON")" == /usr/bin/* ]]; then
      echo "installing python3-venv" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq python3-venv >&2
    fi
    make_venv
    venv_ok || { echo "could not create a virtualenv with pip at $VENV" >&2; exit 1; }
  fi
fi

"$VENV/bin/python" "${PIP[@]}" install -q -r "$ROOT/bindings/python/test-requirements.txt" >&2
# --force-reinstall: the version does not change when the code does.
CADENCE_PY_PROFILE=debug "$VENV/bin/python" "${PIP[@]}" install -q \
  --force-reinstall --no-deps "$ROOT/bindings/python" >&2
echo "$VENV/bin/python"
