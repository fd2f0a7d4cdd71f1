"""The load test's short form (trust 27): bench/load.py on a tiny data set for a few seconds.

gunicorn on loopback, four people browsing the dashboard, the échéances, the convention list, their
conventions and the API's lists: no error, and every page requested. The long form (national data set,
a minute, eight people) is a command: see docs/trust.md and bench/RESULTS.md.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.long_walk(seconds=45)
def test_a_short_load_on_loopback_gives_no_error(tmp_path):
    script = (
        "import json, sys; sys.path.insert(0, '.'); from bench import load; "
        "print(json.dumps(load.run(scale=0.01, duration=6, people=4, workers=1, threads=4)))"
    )
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'bench-load.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    finished = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0, result
    assert all(page["requests"] > 0 for page in result["pages"].values()), result
    assert result["people"] == 4
    # Every page of the mix has its p95 budget, and the run says which ones it exceeded (the short
    # form, on a tiny data set and a test run's busy cores, only reports them: see bench/load.py).
    from bench.load import BUDGETS_MS

    assert {page: figures["budget_ms"] for page, figures in result["pages"].items()} == BUDGETS_MS
    assert isinstance(result["over_budget"], list)
    assert result["database"] == "sqlite" and len(result["load_before"]) == 3
