"""What the commands share: the scoring policy and reference values from the options."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from indicator_dsl.evaluation.policy import ScoringPolicy

__all__ = ["policy_of", "refs_of", "scoring_options"]


def policy_of(args: argparse.Namespace) -> ScoringPolicy:
    if getattr(args, "policy", None):
        return ScoringPolicy.from_toml(args.policy)
    return ScoringPolicy.default()


def refs_of(args: argparse.Namespace) -> dict[str, Decimal]:
    refs: dict[str, Decimal] = {}
    for item in getattr(args, "ref", None) or []:
        name, sep, value = item.partition("=")
        try:
            if not sep or not name.strip():
                raise InvalidOperation
            refs[name.strip()] = Decimal(value.strip())
        except InvalidOperation:
            raise SystemExit(f"indicator-dsl: error: --ref wants NAME=NUMBER, e.g. 全国平均数=85, not {item!r}") from None
    return refs


def scoring_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="FILE", help="a scoring policy in TOML (see docs/scoring.md); default: the built-in policy")
    p.add_argument("--ref", action="append", metavar="NAME=VALUE",
                   help="a reference value for relative targets, e.g. --ref 全国平均数=85 (repeatable)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the reasons (default en)")


