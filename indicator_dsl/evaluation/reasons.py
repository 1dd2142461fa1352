"""The one-sentence reasons of outcomes, in English and Chinese.

Each key has a template per language; fields are filled by ``reason(key, lang, **f)``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["reason", "LANGS"]

LANGS = ("en", "zh")

_TEXT: dict[str, tuple[str, str]] = {
    "met": (
        "{actual} meets the target {target} (rule {rule})",
        "实际{actual}，达到目标{target}（规则{rule}）",
    ),
    "met_over": (
        "{actual} meets the target {target} and reaches {pct}% of it (over target, rule 4)",
        "实际{actual}，达到目标{target}，为目标的{pct}%（超额，规则4）",
    ),
    "partial_higher": (
        "{actual} is {pct}% of {bound} (rule {rule})",
        "实际{actual}为目标{bound}的{pct}%（规则{rule}）",
    ),
    "partial_lower": (
        "{actual} is over the limit {bound}; the score is weight × {bound} ÷ {actual} (rule {rule})",
        "实际{actual}超过上限{bound}，得分为分值×{bound}÷{actual}（规则{rule}）",
    ),
    "no_partial": (
        "{actual} does not meet {target}, and the policy gives no points for a shortfall (rule {rule})",
        "实际{actual}未达到目标{target}，按评分规则不计部分分（规则{rule}）",
    ),
    "zero": (
        "nothing was done: the actual is 0 (rule 9)",
        "实际完成值为0，未完成（规则9）",
    ),
    "zero_bound": (
        "the target allows none, and the actual is {actual} (rule 6)",
        "目标为0，实际为{actual}（规则6）",
    ),
    "boundary_full": (
        "{actual} equals the strict bound of {target}: not satisfied, but the policy gives full weight (rule 5)",
        "实际{actual}恰为目标{target}的边界值：严格比较不成立，按政策给满分（规则5）",
    ),
    "boundary_strict": (
        "{actual} equals the strict bound of {target}: not satisfied (rule 5, strict setting)",
        "实际{actual}恰为目标{target}的边界值，严格比较不成立（规则5）",
    ),
    "approx_met": (
        "{actual} is within {tol}% of {target} (rule 7)",
        "实际{actual}与目标{target}相差不超过{tol}%（规则7）",
    ),
    "unit_mismatch": (
        "cannot compare {actual_unit} with {target_unit}: a person must judge this row (rule 8)",
        "实际单位{actual_unit}与目标单位{target_unit}不可比，需人工判断（规则8）",
    ),
    "claim": (
        "the actual states the result ({verdict}): “{text}” (rule 10)",
        "实际完成值表述为“{text}”，判为{verdict_zh}（规则10）",
    ),
    "restated": (
        "the actual states the same result as the target: “{text}” (rule 11)",
        "实际完成值与目标表述一致：“{text}”（规则11）",
    ),
    "undetermined": (
        "the actual states no result a rule can judge: a person must judge this row (rule 11)",
        "实际完成值未说明完成情况，需人工判断（规则11）",
    ),
    "schedule_met": (
        "the work was done on schedule: “{text}” (rule 12)",
        "按时完成：“{text}”（规则12）",
    ),
    "schedule_slip": (
        "the work was done with slippage: “{text}” (rule 12)",
        "完成但有延误或调整：“{text}”（规则12）",
    ),
    "deadline_met": (
        "done on {actual}, on or before the deadline {target} (rule 13)",
        "完成时间{actual}，不晚于期限{target}（规则13）",
    ),
    "deadline_late": (
        "done on {actual}, after the deadline {target} (rule 13)",
        "完成时间{actual}，晚于期限{target}（规则13）",
    ),
    "needs_reference": (
        "the target compares with “{reference}”, which has no value: supply it (rule 14)",
        "目标以“{reference}”为参照，但未提供参照值（规则14）",
    ),
    "compound": (
        "{n} parts scored with equal weight, {met} met; the ratio is their {mode} (rule 15)",
        "共{n}项分指标等权计分，{met}项达成，取{mode_zh}（规则15）",
    ),
    "no_actual": (
        "there is no actual to judge (rule 11)",
        "无实际完成值，需人工判断（规则11）",
    ),
}

_VERDICT_ZH = {"met": "达成", "partial": "部分达成", "not_met": "未达成", "undetermined": "待定"}


def reason(key: str, lang: str = "en", **fields: Any) -> str:
    """The sentence ``key`` in ``lang`` ("en" or "zh")."""
    en, zh = _TEXT[key]
    if "verdict" in fields:
        fields.setdefault("verdict_zh", _VERDICT_ZH.get(fields["verdict"], fields["verdict"]))
    if "mode" in fields:
        fields.setdefault("mode_zh", "平均值" if fields["mode"] == "mean" else "最小值")
    return (zh if lang == "zh" else en).format(**fields)
