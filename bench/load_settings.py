"""Settings of the load test (bench/load.py): the bench's, with the API's per-user limit lifted.

A handful of simulated people make thousands of calls in a minute; in production the limit (1,000 an
hour per user, trust 11) would answer 429, which is not what the load test measures.
"""

from bench.settings import *  # noqa: F403

PARTENARIA_API_RATE = "100000000/hour"
