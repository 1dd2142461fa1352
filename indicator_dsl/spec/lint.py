"""The spec linter (``indicator-dsl check``): every problem of a spec file, with a code.

Errors (E…) make ``check`` fail; warnings (W…) point at targets the Ministry would
send back (vague, unmeasurable, in the wrong unit) and can be silenced on their line
(``# noqa: W301`` or ``# 忽略 W301``) or for the whole file (``# noqa-file: W301`` or
``# 全文忽略 W301``).  docs/lint.md lists every code with an example and its fix.

>>> for d in check_text('''名称：示例
... 年度：2025
... 一级 产出指标
...   二级 数量指标
...     三级 调研 | =100
...     三级 宣传 | 有效提升  # 忽略 W301
...     三级 培训 | 良好
... '''):
...     print(d)
5:13: W302 the number 100 has no unit
7:13: W301 vague target: '良好' cannot be measured

The messages are in the language asked for (``lang``, "en" by default):

>>> [d.message for d in check_text("名称：示例\\n一级 产出指标\\n  二级 数量指标\\n    三级 调研 | =100", lang="zh")]
['数值100没有单位']
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from indicator_dsl.diagnostics import ERROR, WARNING, Diagnostic
from indicator_dsl.messages import N_, Message, Translator, msg
from indicator_dsl.spec.format import canonical_target
from indicator_dsl.spec.lines import Line, Value, parse_line, reference_name, unescape
from indicator_dsl.spec.model import Direction, Indicator, Kind, SpecFile, SpecRead
from indicator_dsl.spec.read import read_spec
from indicator_dsl.tables.model import printed_number
from indicator_dsl.target.model import (
    AllOf,
    Approx,
    Compare,
    Deadline,
    Op,
    Qualitative,
    Range,
    Relative,
    Schedule,
    Span,
    Target,
)

__all__ = ["CODES", "lint", "check_text", "check_file", "check_paths", "spec_files", "silenced", "VAGUE_WORDS", "USUAL_WEIGHTS"]

# code -> (slug, one-line description); docs/lint.md has one section per code
CODES: dict[str, tuple[str, str]] = {
    "E100": ("syntax", "a line that cannot be read"),
    "E101": ("target-syntax", "a target that looks numeric but cannot be read"),
    "E102": ("bad-number", "a year, weight, score or budget figure that is not a number"),
    "E103": ("bad-choice", "a 方向 or 类型 that is not one of its words"),
    "E104": ("misplaced-line", "a line where it cannot stand (三级 before 二级, a field outside its block)"),
    "E105": ("duplicate-line", "a header line, block, field or reference given twice"),
    "E201": ("unknown-reference", "a relative target names a reference no 参考值 line declares"),
    "E202": ("weights-total", "the weights do not add up to the total (100 with the budget row)"),
    "E203": ("duplicate-indicator", "the same indicator (name and target) twice under one 二级"),
    "E204": ("missing-weight", "an indicator without 分值 where the others have one, or in a 自评表"),
    "E205": ("direction-conflict", "方向 says the opposite of the target's sign"),
    "W301": ("vague-target", "a target that cannot be measured (提升, 良好, 有效 …)"),
    "W302": ("no-unit", "a numeric target without a unit"),
    "W303": ("rate-over-100", "a percentage over 100% for a rate"),
    "W304": ("timeliness-without-time", "a 时效指标 without a date or a schedule"),
    "W305": ("satisfaction-not-percent", "a 满意度指标 that is not a percentage"),
    "W306": ("cost-not-upper-bound", "a 成本指标 that is not an upper bound"),
    "W307": ("level1-weights", "一级 weights far from the usual 产出 50 / 效益 30 / 满意度 10 / 预算执行 10"),
    "W308": ("missing-target", "an indicator without a target"),
    "W309": ("same-name", "two indicators with the same name (and different targets) under one 二级"),
    "W310": ("direction-unused", "方向 on a target it cannot change"),
    "W311": ("unused-reference", "a 参考值 no target uses"),
}
_SLUGS = {slug: code for code, (slug, _) in CODES.items()}

VAGUE_WORDS = ("提升", "提高", "良好", "有效", "明显", "显著", "进一步", "加强", "促进", "增强", "改善",
               "较好", "较高", "持续", "优化", "深化", "积极", "稳步", "不断")
RATE_WORDS = ("率", "满意度", "比例", "占比")
USUAL_WEIGHTS = (("产出", Decimal(50)), ("效益", Decimal(30)), ("满意度", Decimal(10)))
USUAL_BUDGET_WEIGHT = Decimal(10)
WEIGHT_TOLERANCE = Decimal(10)   # "far from the usual": more than this many points away


def _leaves(t: Target) -> tuple[Target, ...]:
    return t.parts if isinstance(t, AllOf) else (t,)


def _fmt(d: Decimal) -> str:
    text = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    return text


class _Linter:
    def __init__(self, read: SpecRead) -> None:
        self.read = read
        self.spec: SpecFile = read.spec
        self.text = read.text
        self.out: list[Diagnostic] = []

    def add(self, start: int, end: int, severity: str, code: str, message: Message, fix: Message) -> None:
        self.out.append(Diagnostic.at(self.text, start, end, severity, code, message, fix, self.read.file))

    def span(self, s: Span | None) -> tuple[int, int]:
        return (s.start, s.end) if s is not None else (0, 0)

    def target_value(self, ind: Indicator) -> Value | None:
        ts = ind.target_span
        if ts is None:
            return None
        return unescape(self.text[ts.start:ts.end], ts.start)

    def leaf_span(self, ind: Indicator, leaf: Target) -> tuple[int, int]:
        v = self.target_value(ind)
        if v is None or leaf.span is None:
            return self.span(ind.target_span or ind.name_span)
        return v.offset(leaf.span.start), v.offset(leaf.span.end)

    def run(self) -> list[Diagnostic]:
        spec = self.spec
        parsed: dict[int, Target] = {}  # the targets as the reader read them (E101 is the reader's)
        for _, _, ind in spec.indicators():
            try:
                p = ind.read_target(spec.year)
            except Exception:  # noqa: BLE001 - a bug of the target parser: E101, reported by the reader
                continue
            if p is not None and p.target is not None:
                parsed[id(ind)] = p.target
        self.references(parsed)
        self.weights()
        self.indicators(parsed)
        self.level1_weights()
        return self.out

    # -- references
    def references(self, parsed: dict[int, Target]) -> None:
        declared = {r.name for r in self.spec.references}
        used: set[str] = set()
        for _, _, ind in self.spec.indicators():
            t = parsed.get(id(ind))
            for leaf in _leaves(t) if t is not None else ():
                if isinstance(leaf, Relative):
                    used.add(leaf.reference)
                    if leaf.reference not in declared:
                        self.add(*self.leaf_span(ind, leaf), ERROR, "E201",
                                 msg(N_("the reference {name} is not declared"), name=leaf.reference),
                                 msg(N_("declare it: 参考值：{name} = 数值 (or without a value, given when scoring)"),
                                     name=reference_name(leaf.reference)))
        for r in self.spec.references:
            if r.name not in used:
                self.add(*self.span(r.span), WARNING, "W311",
                         msg(N_("the reference {name} is not used by any target"), name=r.name),
                         msg(N_("delete the 参考值 line, or use it in a target such as 高于{name}"), name=r.name))

    # -- weights
    def weights(self) -> None:
        spec = self.spec
        inds = [i for _, _, i in spec.indicators()]
        weights = [i.weight for i in inds if i.weight is not None]
        budget_weight = printed_number(spec.budget.weight) if spec.budget is not None else None
        self_eval = spec.effective_kind is Kind.SELF_EVALUATION
        if weights or self_eval:
            for i in inds:
                if i.weight is None:
                    said = msg(N_("分值 is missing (the other indicators have one)")) if weights else \
                        msg(N_("分值 is missing (a 自评表 scores each indicator by its 分值)"))
                    self.add(*self.span(i.name_span), ERROR, "E204", said,
                             msg(N_("add | 分值 N to the line (the weights add up to 100 with the budget's)")))
        if not weights:
            return
        total = sum(weights, Decimal(0)) + (budget_weight or Decimal(0))
        expected = spec.total.weight if spec.total is not None and spec.total.weight is not None else Decimal(100)
        if total != expected:
            indicators = _fmt(total - (budget_weight or Decimal(0)))
            parts = msg(N_("indicators {weight} + 项目资金 {budget}"), weight=indicators, budget=_fmt(budget_weight)) \
                if budget_weight else msg(N_("indicators {weight}"), weight=indicators)
            where = dict(spec.total.field_spans or ()).get("weight") if spec.total is not None else None
            if where is None:
                where = spec.levels[0].span if spec.levels else Span(0, 0)
            to_total = spec.total is not None and spec.total.weight is not None
            if budget_weight:
                fix = msg(N_("make the 分值 of the indicators and of 项目资金 add up to the 总分 分值")) if to_total else \
                    msg(N_("make the 分值 of the indicators and of 项目资金 add up to 100"))
            else:
                fix = msg(N_("make the 分值 of the indicators add up to the 总分 分值")) if to_total else \
                    msg(N_("make the 分值 of the indicators add up to 100"))
            self.add(*self.span(where), ERROR, "E202",
                     msg(N_("the weights add up to {total} ({parts}), not {expected}"), total=_fmt(total), parts=parts,
                         expected=_fmt(expected)), fix)

    def level1_weights(self) -> None:
        spec = self.spec
        if not any(i.weight is not None for _, _, i in spec.indicators()):
            return
        for l1 in spec.levels:
            usual = next((w for word, w in USUAL_WEIGHTS if word in l1.name), None)
            if usual is None:
                continue
            same = [x for x in spec.levels if next((w for word, w in USUAL_WEIGHTS if word in x.name), None) == usual]
            if same[0] is not l1:
                continue  # one warning per kind of 一级
            got = sum((i.weight for x in same for g in x.groups for i in g.indicators if i.weight is not None), Decimal(0))
            if abs(got - usual) > WEIGHT_TOLERANCE:
                self.add(*self.span(l1.span), WARNING, "W307",
                         msg(N_("一级 {name} weighs {weight}, far from the usual {usual}"), name=l1.name, weight=_fmt(got),
                             usual=usual),
                         msg(N_("the usual weights are 产出 50, 效益 30, 满意度 10, 预算执行 10: move 分值 between the 一级, "
                                "or silence W307 saying why")))
        b = spec.budget
        bw = printed_number(b.weight) if b is not None else None
        if b is not None and bw is not None and abs(bw - USUAL_BUDGET_WEIGHT) > WEIGHT_TOLERANCE:
            self.add(*self.span(b.span), WARNING, "W307",
                     msg(N_("预算执行 (项目资金) weighs {weight}, far from the usual 10"), weight=_fmt(bw)),
                     msg(N_("the usual weights are 产出 50, 效益 30, 满意度 10, 预算执行 10")))

    # -- one indicator at a time
    def indicators(self, parsed: dict[int, Target]) -> None:
        seen: dict[tuple[str, str, str], list[Indicator]] = {}
        year = self.spec.year

        def canonical(ind: Indicator) -> str | None:
            assert ind.target is not None
            t = parsed.get(id(ind))
            return ind.target if t is None else canonical_target(ind.target, year, parsed=t)

        for l1, l2, ind in self.spec.indicators():
            key = (l1.name, l2.name, ind.name)
            for other in seen.get(key, []):
                line = self.text.count("\n", 0, other.span.start) + 1 if other.span else 0
                same_target = ind.target == other.target or (
                    ind.target is not None and other.target is not None and canonical(ind) == canonical(other))
                if same_target:
                    self.add(*self.span(ind.name_span), ERROR, "E203",
                             msg(N_("duplicate indicator: the same name and target as on line {line}"), line=line),
                             msg(N_("delete one of the two lines, or give each its own name and target")))
                else:
                    self.add(*self.span(ind.name_span), WARNING, "W309",
                             msg(N_("the indicator on line {line} has the same name"), line=line),
                             msg(N_("give each indicator its own name (say what each one measures)")))
                break
            seen.setdefault(key, []).append(ind)
            if ind.target is None:
                self.add(*self.span(ind.name_span), WARNING, "W308", msg(N_("the indicator has no target (年度指标值)")),
                         msg(N_("write its target after the name: 三级 名称 | ≥90% | 分值 5")))
                continue
            t = parsed.get(id(ind))
            if t is not None:
                self.target(l1.name, l2.name, ind, t)

    def target(self, level1: str, level2: str, ind: Indicator, t: Target) -> None:
        whole = self.span(ind.target_span)
        leaves = _leaves(t)
        if isinstance(t, Qualitative):
            word = next((w for w in VAGUE_WORDS if w in t.text), None)
            if word is not None:
                self.add(*whole, WARNING, "W301", msg(N_("vague target: '{word}' cannot be measured"), word=word),
                         msg(N_("state what is measured and the figure to reach, e.g. 满意度≥90%, 新增合作伙伴≥10家, "
                                "2025年12月31日前完成")))
        for leaf in leaves:
            if isinstance(leaf, (Compare, Range, Approx)) and leaf.unit is None:
                value = leaf.value if not isinstance(leaf, Range) else leaf.high
                shown = f"{_fmt(leaf.low)}-{_fmt(value)}" if isinstance(leaf, Range) else _fmt(value)
                self.add(*self.leaf_span(ind, leaf), WARNING, "W302", msg(N_("the number {number} has no unit"), number=shown),
                         msg(N_("write the unit after the number: =100%, 2-3个, >50次")))
            is_rate = any(w in ind.name for w in RATE_WORDS) or "满意度" in level1 or "满意度" in level2
            if isinstance(leaf, (Compare, Range, Approx)) and leaf.unit == "%" and is_rate:
                value = leaf.high if isinstance(leaf, Range) else leaf.value
                if value > 100:
                    self.add(*self.leaf_span(ind, leaf), WARNING, "W303", msg(N_("a rate over 100%: {value}%"), value=_fmt(value)),
                             msg(N_("a rate reaches at most 100%: write the figure in % of the whole, e.g. ≥95%")))
        if "时效" in level2 and not any(isinstance(p, (Deadline, Schedule)) for p in leaves):
            self.add(*whole, WARNING, "W304", msg(N_("a 时效指标 without a date or a schedule")),
                     msg(N_("say when: 2025年12月31日前完成, 按季度完成, 按时完成")))
        if ("满意度" in level1 or "满意度" in level2) and not any(getattr(p, "unit", None) == "%" for p in leaves):
            self.add(*whole, WARNING, "W305", msg(N_("a 满意度指标 that is not a percentage")),
                     msg(N_("write the satisfaction rate to reach: ≥90%")))
        if ("成本" in level1 or "成本" in level2) and ind.direction is not Direction.DOWN and not any(
                isinstance(p, (Compare, Relative)) and p.op.lower_is_better for p in leaves):
            self.add(*whole, WARNING, "W306", msg(N_("a 成本指标 that is not an upper bound")),
                     msg(N_("write a ceiling: ≤50万元, 总成本控制在批复预算内")))
        if ind.direction is not None:
            self.direction(ind, t)

    def direction(self, ind: Indicator, t: Target) -> None:
        if ind.direction is None:
            return
        whole = self.span(ind.target_span)
        leaves = _leaves(t)
        ops = [p.op for p in leaves if isinstance(p, (Compare, Relative))]
        numeric = [p for p in leaves if isinstance(p, (Compare, Range, Approx, Relative))]
        if not numeric:
            self.add(*whole, WARNING, "W310", msg(N_("方向 {direction} has no effect on this target"), direction=ind.direction.value),
                     msg(N_("delete 方向, or write a numeric target")))
            return
        down = ind.direction is Direction.DOWN
        clash = [op for op in ops if (down and op in (Op.GE, Op.GT)) or (not down and op.lower_is_better)]
        if clash:
            self.add(*whole, ERROR, "E205",
                     msg(N_("方向 {direction} contradicts the target's {sign}"), direction=ind.direction.value,
                         sign=clash[0].value),
                     msg(N_("delete 方向 (the sign already says which way is better), or fix the sign")))


# ------------------------------------------------------------------ silencing
_FILE_DIRECTIVE = re.compile(r"(?:noqa-file|全文忽略)\s*[:：]?\s*([A-Za-z0-9,，、 \t\-]*)")
_LINE_DIRECTIVE = re.compile(r"(?:noqa(?!-file)|(?<!全文)忽略)\s*[:：]?\s*([A-Za-z0-9,，、 \t\-]*)")


def _codes(text: str) -> set[str] | None:
    """The codes a directive names (slugs allowed); None means every warning."""
    words = [w for w in re.split(r"[,，、\s]+", text.strip()) if w]
    codes = {_SLUGS.get(w.lower(), w.upper()) for w in words if w.upper() in CODES or w.lower() in _SLUGS}
    return codes or None


def _comments(text: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for n, line in enumerate(text.split("\n"), 1):
        if "#" in line:
            parsed = parse_line(line.rstrip("\r"))
            if isinstance(parsed, Line) and parsed.comment:
                out[n] = parsed.comment
    return out


def silenced(diags: Iterable[Diagnostic], text: str) -> list[Diagnostic]:
    """The diagnostics less the warnings silenced by ``# noqa`` / ``# 忽略`` comments (errors stay)."""
    comments = _comments(text)
    everywhere: set[str] | None = set()
    for c in comments.values():
        m = _FILE_DIRECTIVE.search(c)
        if m:
            codes = _codes(m.group(1))
            everywhere = None if codes is None or everywhere is None else everywhere | codes
    out = []
    for d in diags:
        if d.severity == WARNING:
            if everywhere is None or d.code in everywhere:
                continue
            m = _LINE_DIRECTIVE.search(comments.get(d.line, "") if d.line is not None else "")
            if m:
                codes = _codes(m.group(1))
                if codes is None or d.code in codes:
                    continue
        out.append(d)
    return out


# ------------------------------------------------------------------ entry points
def lint(read: SpecRead) -> list[Diagnostic]:
    """The linter's diagnostics (E2xx, W3xx) of a spec already read (not silenced)."""
    return _Linter(read).run()


def check_text(text: str, file: str | None = None, lang: str = "en") -> list[Diagnostic]:
    """Every diagnostic of a spec file's text: reading and linting, silenced warnings left out;
    message and fix in ``lang`` ("en" or "zh")."""
    read = read_spec(text, file=file)
    diags = list(read.diagnostics) + lint(read)
    diags.sort(key=lambda d: (d.line, d.col, d.code))
    tr = Translator(lang)
    return [d.in_lang(tr) for d in silenced(diags, text)]


def check_file(path: str | Path, lang: str = "en") -> tuple[str, list[Diagnostic]]:
    """The text of ``path`` and its diagnostics (in ``lang``)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        d = Diagnostic.at("", 0, 0, ERROR, "E100", msg(N_("cannot be read: {error}"), error=str(e)),
                          msg(N_("save the file as UTF-8")), str(p))
        return "", [d.in_lang(lang)]
    return text, check_text(text, str(p), lang)


def spec_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The *.ind files of ``paths`` (a directory: its *.ind files, recursively, in name order)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*.ind") if q.is_file() and not q.name.startswith("."))
        else:
            yield p


def check_paths(paths: Iterable[str | Path], lang: str = "en") -> list[tuple[Path, str, list[Diagnostic]]]:
    """Each spec file of ``paths`` with its text and diagnostics (in ``lang``)."""
    out: list[tuple[Path, str, list[Diagnostic]]] = []
    for p in spec_files(paths):
        text, diags = check_file(p, lang)
        out.append((p, text, diags))
    return out

