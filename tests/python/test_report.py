"""Statistics and the clinician report through the Python bindings."""
import datetime

import cadence
from conftest import NOW


def test_empty_database_report_is_complete_html(app):
    html = app.report_html("2027-02-01", "2027-02-28", NOW)
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<svg class="chart"') == 5
    assert "<script" not in html
    assert "No scheduled doses" in app.report_text("2027-02-01", "2027-02-28", NOW)


def test_stats_of_an_empty_window_have_no_percentages(app):
    stats = app.stats("2027-02-01", "2027-02-28", NOW, 60)
    assert stats.timing_window_minutes == 60
    assert stats.overall.taking_percent is None
    assert len(stats.days) == 28


def test_reversed_window_is_rejected(app):
    try:
        app.stats("2027-03-01", "2027-02-01", NOW)
    except cadence.CadenceError.InvalidInput:
        return
    raise AssertionError("expected InvalidInput")
