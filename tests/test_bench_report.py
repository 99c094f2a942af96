"""`make bench` reports a page that did not draw as a FAILED row with its cause, and goes on
(a stuck baseline page once aborted the whole run, writing no results)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")  # the benchmark's harness imports it
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import browser_latency as BL  # noqa: E402
import lite_latency  # noqa: E402


def test_a_failed_page_is_a_row_with_its_cause_and_the_others_stay():
    rows = [
        dict(
            where="Voila",
            lesson="00",
            demo="CohortDemo",
            control="Patients",
            n=3,
            missed=0,
            median=30.0,
            p95=40.0,
            max=41.0,
        ),
    ]
    lite_latency.failed(
        rows,
        "Voila",
        "baseline",
        "@interact + matplotlib",
        TimeoutError("Timeout 60000ms exceeded.\n  waiting for first plot"),
    )
    text = BL.report(rows, first_plots=[])
    assert "| Voila | 00 | CohortDemo | Patients | 30 | 40 | 41 | 0/3 | met |" in text
    failed = [line for line in text.splitlines() if "FAILED" in line]
    assert len(failed) == 1, text
    assert "@interact + matplotlib" in failed[0]
    assert "Timeout 60000ms exceeded. waiting for first plot" in failed[0]  # one line
