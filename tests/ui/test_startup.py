"""Long start-up jobs run off the GUI thread behind a progress dialog."""

from __future__ import annotations

import threading

import pytest

from ewarong_pos.ui.startup import run_with_progress


def test_the_job_runs_on_a_worker_and_its_result_comes_back(qapp):
    seen = {}

    def job(progress):
        seen["thread"] = threading.current_thread().name
        for done in range(5):
            progress("families", done, 4)
        return 42

    assert run_with_progress("Menyiapkan…", job) == 42
    assert seen["thread"] != threading.current_thread().name


@pytest.mark.expect_log("ewarong_pos.ui.tasks", r"^task \w+ failed")
def test_a_failing_job_raises_in_the_caller(qapp):
    def job(progress):
        raise ValueError("the data folder already holds an outlet")

    with pytest.raises(ValueError, match="already holds"):
        run_with_progress("Menyiapkan…", job)
