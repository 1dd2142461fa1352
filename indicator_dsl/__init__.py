"""indicator_dsl: read and score Chinese public-finance performance indicators."""

from importlib.metadata import PackageNotFoundError, version

from .errors import ActualSyntaxError, IndicatorError, PolicyError, SpecSyntaxError, TargetSyntaxError
from .model import (
    AllOf, Approx, Compare, Deadline, Op, Period, Qualitative, Range, Relative, Schedule,
    Span, Target,
)
from .parser import find_phrases, is_valid_target, parse_target
from .find import Found, find_ranges
from .diagnostic import Diagnostic
from .spec import SpecFile, load_spec, parse_spec, read_spec

try:
    __version__ = version("indicator-dsl")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "parse_target", "is_valid_target", "find_phrases", "find_ranges", "Found",
    "Target", "Compare", "Range", "Approx", "Qualitative", "Schedule", "Deadline", "Relative",
    "AllOf", "Op", "Period", "Span",
    "IndicatorError", "TargetSyntaxError", "ActualSyntaxError", "SpecSyntaxError", "PolicyError",
    "SpecFile", "parse_spec", "load_spec", "read_spec", "Diagnostic",
    "__version__",
]
