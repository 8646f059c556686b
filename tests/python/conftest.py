"""Shared fixtures for the Python binding tests. They import the INSTALLED
package `cadence` (pip install ./bindings/python); tests/run-all.sh runs them
with the virtualenv's python printed by bindings/python/install-for-tests.sh:

    PY="$(bindings/python/install-for-tests.sh)"
    "$PY" -m pytest -q tests/python
"""
import datetime
import sys

import pytest

try:
    import cadence
except ImportError as e:  # pragma: no cover - a setup error, not a test failure
    sys.exit("the Python package `cadence` is not installed for %s (%s); run the tests with "
             "the python printed by bindings/python/install-for-tests.sh" % (sys.executable, e))

NOW = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.timezone.utc)

# The database key of the test files: `Cadence.open` requires one.
TEST_KEY = bytes(range(100, 132))


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "cadence.db")


@pytest.fixture
def app(db_path):
    return cadence.Cadence.open(db_path, TEST_KEY)


def sertraline(**changes):
    fields = dict(
        name="Sertraline",
        strength=cadence.Strength(amount=50.0, unit="mg"),
        form=cadence.DoseForm.TABLET,
        instructions="With breakfast",
        prescriber_notes="",
        expected_onset=cadence.OnsetWindow(min_days=14, max_days=42),
        started_on="2027-02-01",
    )
    fields.update(changes)
    return cadence.MedicationInput(**fields)
