"""Settings of the benchmark: the product's settings on a separate database, bench.urls as root.

The database is the SQLite file bench/data/bench.sqlite3 unless DATABASE_URL is set (PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/partenaria_bench). Its name must contain "bench":
the generator empties it before loading the data set.
"""

import copy
import os

import dj_database_url

from partenaria.settings import *  # noqa: F403
from partenaria.settings import BASE_DIR, TEMPLATES

BENCH_DIR = BASE_DIR / "bench"
BENCH_DATA_DIR = BENCH_DIR / "data"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60)}
else:
    BENCH_DATA_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BENCH_DATA_DIR / "bench.sqlite3",
            "CONN_MAX_AGE": 0,
            # Same options as the product's SQLite database.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }

ROOT_URLCONF = "bench.urls"

TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]

# Measure what production runs: no debug pages, no debug template engine. (The HTTPS settings of
# production stay off: the test client speaks plain HTTP.)
DEBUG = False
TEMPLATES[0]["OPTIONS"]["debug"] = False
# Quiet: the generator and the runner print their own progress.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
