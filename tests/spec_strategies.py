"""Hypothesis strategies for spec files: SpecFile models whose every part a spec can hold.

Texts are stripped, one line, and may hold the characters the language escapes
(``|``, ``#``, ``\\``) and colons; targets are the canonical text of generated targets
(tests/strategies.py) or prose without figures.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st
from strategies import targets

from indicator_dsl.spec.model import (
    Budget,
    Direction,
    Indicator,
    Kind,
    Level1,
    Level2,
    Reference,
    Remarks,
    SpecFile,
    Total,
)

_CJK = "项目名称培训满意度产出效益指标数量质量时效社会可持续影响服务对象举办活动调研报告"
TEXT_ALPHABET = _CJK + "abcXYZ019 |#\\:：-（）()、，。"

texts = st.text(alphabet=TEXT_ALPHABET, min_size=1, max_size=12).filter(
    lambda s: s == s.strip(" ") and s.strip() != "")
prose = st.text(alphabet=_CJK, min_size=1, max_size=10)
names = st.text(alphabet=_CJK + "abc", min_size=1, max_size=6)
decimals = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
comments = st.text(alphabet=TEXT_ALPHABET + "#", max_size=12).map(lambda s: ("# " + s).rstrip(" "))


@st.composite
def remarks(draw) -> Remarks:
    before = tuple(draw(st.lists(comments, max_size=2)))
    return Remarks(before, draw(st.none() | comments))


@st.composite
def printed(draw) -> str:
    """A budget figure as printed: 500000.00, 480,800, 96.16%."""
    d = draw(decimals)
    kind = draw(st.sampled_from(["plain", "comma", "percent"]))
    if kind == "comma":
        return f"{int(d) * 1000:,}"
    return format(d, "f") + ("%" if kind == "percent" else "")


target_texts = st.one_of(targets.map(str), prose)


@st.composite
def indicators(draw) -> Indicator:
    return Indicator(
        draw(texts), draw(st.none() | target_texts), draw(st.none() | decimals), draw(st.none() | texts),
        draw(st.none() | decimals), draw(st.none() | texts), draw(st.none() | st.sampled_from(list(Direction))),
        draw(remarks()),
    )


level2s = st.builds(Level2, texts, st.lists(indicators(), max_size=4).map(tuple), remarks())
level1s = st.builds(Level1, texts, st.lists(level2s, max_size=3).map(tuple), remarks())


@st.composite
def budgets(draw) -> Budget:
    fields = {k: draw(st.none() | printed()) for k in ("initial", "full", "executed", "weight", "rate", "score")}
    fr = tuple((k, draw(remarks())) for k in fields if fields[k] is not None and draw(st.booleans()))
    return Budget(draw(st.none() | st.sampled_from(["元", "万元"])), **fields, remarks=draw(remarks()),
                  field_remarks=tuple((k, r) for k, r in fr if r))


@st.composite
def totals(draw) -> Total:
    fields = {"weight": draw(st.none() | decimals), "score": draw(st.none() | decimals), "grade": draw(st.none() | texts)}
    fr = tuple((k, draw(remarks())) for k in fields if fields[k] is not None and draw(st.booleans()))
    return Total(**fields, remarks=draw(remarks()), field_remarks=tuple((k, r) for k, r in fr if r))


@st.composite
def spec_files(draw) -> SpecFile:
    header = {
        "name": draw(st.none() | texts), "year": draw(st.none() | st.integers(2000, 2099)),
        "department": draw(st.none() | texts), "unit": draw(st.none() | texts),
        "kind": draw(st.none() | st.sampled_from(list(Kind))),
    }
    hr = tuple((k, draw(remarks())) for k in header if header[k] is not None and draw(st.booleans()))
    refs = draw(st.lists(names, max_size=3, unique=True))
    references = tuple(Reference(n, draw(st.none() | decimals.map(Decimal)), draw(remarks())) for n in refs)
    return SpecFile(
        **header, references=references, budget=draw(st.none() | budgets()),
        levels=tuple(draw(st.lists(level1s, max_size=3))), total=draw(st.none() | totals()),
        header_remarks=tuple((k, r) for k, r in hr if r), end_remarks=tuple(draw(st.lists(comments, max_size=2))),
    )
