"""The achievement chart of the HTML report (:mod:`indicator_dsl.tables.report.html`): one
bar per row of a table, policy score ÷ weight from 0 to 100%, coloured by verdict, a
hatched bar for a row the rules cannot decide, a tick where the printed score gives
another ratio; drawn as inline SVG (no script, nothing fetched).

>>> from indicator_dsl.tables import Table, TableRow, score_table
>>> t = Table("t1", "项目", 2023, rows=(TableRow("t1-r01", "产出指标", "数量指标", "活动", "≥4场", "2场", "10", "10"),))
>>> svg = achievement_chart(score_table(t), 0, "zh")
>>> ">50%<" in svg, "部分达成" in svg, "partial" in svg
(True, True, False)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from indicator_dsl.evaluation.reasons import VERDICT_WORDS
from indicator_dsl.messages import N_, ZH, Translator
from indicator_dsl.tables.model import printed_number
from indicator_dsl.tables.score import TableResult
from indicator_dsl.target.model import format_decimal

__all__ = ["achievement_chart", "percent", "gloss"]

_BAR = {"met": "#3f8f63", "partial": "#e0a030", "not_met": "#b3261e"}
# the chart's words (the verdicts' names are those of every other output: VERDICT_WORDS)
_ACHIEVEMENT, _PRINTED_SCORE, _PRINTED_AT = N_("achievement per indicator"), N_("printed score"), N_("printed score {pct}")


def _e(text: object) -> str:
    return "" if text is None else escape(str(text), quote=True)


def percent(rate: Decimal | None) -> str:
    """A ratio as a percentage with two decimals at most (``Decimal("0.5")`` → ``50%``); ``—`` for None."""
    return "—" if rate is None else format_decimal((rate * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)) + "%"


def gloss(tr: Translator, msgid: str) -> str:
    """A term as plain text: the Ministry's term (the catalog's Chinese), followed in an
    English text by the English word (``达成 met``)."""
    zh = ZH.word(msgid)
    return zh if tr.lang == "zh" else f"{zh} {msgid}"


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _text_width(text: str) -> int:
    """Rough width in pixels at 12px: a CJK character is 12, anything else 7."""
    return sum(12 if ord(c) > 0x2E80 else 7 for c in text)


def _ratio(score: Decimal | None, weight: Decimal | None) -> Decimal | None:
    if score is None or weight is None or weight <= 0:
        return None
    return max(Decimal(0), min(Decimal(1), score / weight))


def achievement_chart(r: TableResult, idx: int, lang: str = "en") -> str:
    """Achievement per row (policy score ÷ weight) as horizontal bars in an SVG inside a
    ``<div class="scroll">``; a tick marks the printed score.  ``idx`` makes the ids of the
    SVG unique in a page (one chart per table); its words are in ``lang``."""
    tr = Translator(lang)
    label_w, bar_w, row_h, top = 300, 560, 22, 24
    width, height = label_w + bar_w + 80, top + row_h * len(r.rows) + 26
    hatch = f"hatch{idx}"
    out = [f'<div class="scroll"><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{_e(gloss(tr, _ACHIEVEMENT))}" font-size="12" '
           f'font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">',
           f'<defs><pattern id="{hatch}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           f'<rect width="8" height="8" fill="#eceff3"/><line x1="0" y1="0" x2="0" y2="8" stroke="#98a2b3" stroke-width="3"/>'
           f'</pattern></defs>']
    for pct in (0, 50, 100):
        x = label_w + bar_w * pct // 100
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 22}" stroke="#d0d5dd"/>'
                   f'<text x="{x}" y="{top - 10}" text-anchor="middle" fill="#667085">{pct}%</text>')
    for i, rr in enumerate(r.rows):
        y = top + i * row_h
        label = _cut(f"{rr.row.id.rsplit('-', 1)[-1]} {rr.row.level3}", 22)
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"><title>{_e(rr.row.id)} {_e(rr.row.level3)}'
                   f'</title>{_e(label)}</text>')
        ratio = _ratio(rr.score, rr.weight)
        if ratio is None:
            out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 6}" fill="url(#{hatch})"/>'
                       f'<text x="{label_w + bar_w + 6}" y="{y + 15}" fill="#667085">{_e(tr.word(VERDICT_WORDS["undetermined"]))}</text>')
            continue
        verdict = rr.outcome.verdict.value if rr.outcome is not None else "undetermined"
        w = float(ratio) * bar_w
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{_BAR.get(verdict, "#98a2b3")}"/>'
                   f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{percent(ratio)}</text>')
        printed = _ratio(printed_number(rr.row.score), rr.weight)
        if printed is not None and printed != ratio:
            px = label_w + float(printed) * bar_w
            out.append(f'<line x1="{px:.1f}" y1="{y + 1}" x2="{px:.1f}" y2="{y + row_h - 1}" stroke="#1d2733" stroke-width="3">'
                       f'<title>{_e(tr(_PRINTED_AT, pct=percent(printed)))}</title></line>')
    ly = height - 8
    legend = [(_BAR[v], VERDICT_WORDS[v]) for v in _BAR] + [(f"url(#{hatch})", VERDICT_WORDS["undetermined"])]
    x = label_w
    for fill, msgid in legend:
        text = gloss(tr, msgid)
        out.append(f'<rect x="{x}" y="{ly - 10}" width="12" height="12" fill="{fill}"/><text x="{x + 16}" y="{ly}">{_e(text)}</text>')
        x += 32 + _text_width(text)
    out.append(f'<line x1="{x}" y1="{ly - 11}" x2="{x}" y2="{ly + 2}" stroke="#1d2733" stroke-width="3"/>'
               f'<text x="{x + 8}" y="{ly}">{_e(gloss(tr, _PRINTED_SCORE))}</text></svg></div>')
    return "".join(out)
