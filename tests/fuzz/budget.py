"""How many inputs each fuzz test draws, and the Hypothesis settings every one shares.

``ANSVAR_FUZZ_INPUTS`` sets the inputs per test: a small number by default, so the whole
``tests/fuzz`` directory stays within seconds in CI; the full run is
``ANSVAR_FUZZ_INPUTS=100000 .venv/bin/pytest tests/fuzz -p no:randomly`` (docs/reliability.md,
"Fuzzing"). ``derandomize`` makes every run draw the same inputs, and no example database is
written, so CI is deterministic and nothing is left in the tree.
"""

import os

from hypothesis import HealthCheck, settings

INPUTS = int(os.environ.get("ANSVAR_FUZZ_INPUTS", "40"))

FUZZ = settings(
    max_examples=INPUTS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
