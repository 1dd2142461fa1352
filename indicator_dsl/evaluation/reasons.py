"""The one-sentence reasons of outcomes, in English and Chinese (indicator_dsl/messages.py).

Each key names a message; its fields are filled by ``reason(key, lang, **f)``; its Chinese
text is in the zh_CN catalog.  A verdict (``verdict``) and the mode of a compound target
(``mode``) are words translated with the sentence.

>>> reason("zero", "zh")
'实际完成值为0，未完成（规则9）'
>>> reason("claim", "zh", verdict="met", text="已完成")
'实际完成值表述为“已完成”，判为达成（规则10）'
>>> reason("claim", "en", verdict="met", text="done")
'the actual states the result (met): “done” (rule 10)'
"""

from __future__ import annotations

from typing import Any

from indicator_dsl.messages import LANGS, N_, Translator

__all__ = ["reason", "LANGS", "VERDICT_WORDS"]

_TEXT: dict[str, str] = {
    "met": N_("{actual} meets the target {target} (rule {rule})"),
    "met_over": N_("{actual} meets the target {target} and reaches {pct}% of it (over target, rule 4)"),
    "partial_higher": N_("{actual} is {pct}% of {bound} (rule {rule})"),
    "partial_lower": N_("{actual} is over the limit {bound}; the score is weight × {bound} ÷ {actual} (rule {rule})"),
    "no_partial": N_("{actual} does not meet {target}, and the policy gives no points for a shortfall (rule {rule})"),
    "zero": N_("nothing was done: the actual is 0 (rule 9)"),
    "zero_bound": N_("the target allows none, and the actual is {actual} (rule 6)"),
    "boundary_full": N_("{actual} equals the strict bound of {target}: not satisfied, but the policy gives full weight (rule 5)"),
    "boundary_strict": N_("{actual} equals the strict bound of {target}: not satisfied (rule 5, strict setting)"),
    "approx_met": N_("{actual} is within {tol}% of {target} (rule 7)"),
    "unit_mismatch": N_("cannot compare {actual_unit} with {target_unit}: a person must judge this row (rule 8)"),
    "claim": N_("the actual states the result ({verdict}): “{text}” (rule 10)"),
    "restated": N_("the actual states the same result as the target: “{text}” (rule 11)"),
    "undetermined": N_("the actual states no result a rule can judge: a person must judge this row (rule 11)"),
    "schedule_met": N_("the work was done on schedule: “{text}” (rule 12)"),
    "schedule_slip": N_("the work was done with slippage: “{text}” (rule 12)"),
    "deadline_met": N_("done on {actual}, on or before the deadline {target} (rule 13)"),
    "deadline_late": N_("done on {actual}, after the deadline {target} (rule 13)"),
    "needs_reference": N_("the target compares with “{reference}”, which has no value: supply it (rule 14)"),
    "compound": N_("{n} parts scored with equal weight, {met} met; the ratio is their {mode} (rule 15)"),
    "compound_figure": N_("{actual} answers the figure of the target, and its time part with it (the cell gives "
                          "no date): {n} parts scored with equal weight, {met} met; the ratio is their {mode} (rule 15)"),
    "no_actual": N_("there is no actual to judge (rule 11)"),
}

# the Ministry's words for the verdicts (English: the verdict's code) and a compound's modes
VERDICT_WORDS = {"met": N_("met"), "partial": N_("partial"), "not_met": N_("not_met"), "undetermined": N_("undetermined")}
_MODES = {"mean": N_("mean"), "min": N_("min")}


def reason(key: str, lang: str = "en", **fields: Any) -> str:
    """The sentence ``key`` in ``lang`` ("en" or "zh")."""
    tr = Translator(lang if lang in LANGS else "en")
    if "verdict" in fields:
        fields["verdict"] = tr.word(VERDICT_WORDS.get(fields["verdict"], fields["verdict"]))
    if "mode" in fields:
        fields["mode"] = tr.word(_MODES.get(fields["mode"], fields["mode"]))
    return tr(_TEXT[key], **fields)
