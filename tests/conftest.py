"""Shared test configuration: hypothesis profiles ("dev" default, "ci" under CI=true)."""

import os
import sys

from hypothesis import HealthCheck, settings

# --import-mode=importlib does not put tests/ on sys.path; the shared helpers live here
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
