"""Shared test configuration: hypothesis profiles ("dev" default, "ci" under CI=true, and "sweep" for
a fuzz sweep at scale: ``HYPOTHESIS_PROFILE=sweep FUZZ_EXAMPLES=20000 pytest tests/test_robustness_*.py``)."""

import os
import sys

from hypothesis import HealthCheck, settings

# --import-mode=importlib does not put tests/ on sys.path; the shared helpers live here
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("sweep", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")), deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
