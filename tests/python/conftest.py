"""Shared fixtures for the Python binding tests (run by tests/run-all.sh after
bindings/scripts/generate.sh has built build/python/cadence)."""
import datetime
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("CADENCE_BUILD_DIR", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(BUILD, "python"))

import cadence  # noqa: E402

NOW = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "cadence.db")


@pytest.fixture
def app(db_path):
    return cadence.Cadence.open(db_path)


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
