"""Generated tables (hypothesis) for the round-trip properties of every format: any table a
publisher could print, within what the published layout can carry (docs/tables.md, "Round
trips and their limits")."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from indicator_dsl.tables.model import BudgetBlock, Table, TableRow

# free text never forms a label of the layout (项目名称, 总分, 三级指标, (2021 年度), …)
TEXT = st.text(st.sampled_from("产出会议培训活动完成提升满意良好服务企业技术=≥≤<>%()（）,.，。、:\"'-+ 0123456789abcxyz"),
               min_size=1, max_size=12).map(str.strip).filter(bool)
NUM = st.sampled_from(["", "0", "2.5", "5", "10", "9.62", "100", "99.2", "—"])
OPT = st.none() | TEXT
MONEY = st.sampled_from(["0", "0.00", "56.5", "300", "1,515,000.00", "480800"])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    tid = draw(st.from_regex(r"[a-z]{1,4}-t[1-9][0-9]?", fullmatch=True))
    declaration = draw(st.booleans())
    rows = []
    for n in range(draw(st.integers(0, 6))):
        l1 = draw(st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标"]))
        l2 = draw(st.sampled_from(["数量指标", "质量指标", "时效指标", "社会效益指标"]))
        if declaration:
            cells = (draw(TEXT), draw(TEXT | st.just("")), "", "", "", "")
        else:
            cells = (draw(TEXT), draw(TEXT | st.just("")), draw(TEXT | st.just("")), draw(NUM), draw(NUM),
                     draw(TEXT | st.just("")))
        rows.append(TableRow(f"{tid}-r{n + 1:02d}", l1, l2, *cells))
    weighted = declaration and bool(rows) and draw(st.booleans())
    if weighted:  # a declaration with a weights column: every weight is a number
        rows = [attrs.evolve(r, weight=draw(st.sampled_from(["5", "10"]))) for r in rows]
    budget = draw(st.none() | st.builds(
        BudgetBlock, st.sampled_from([None, "元", "万元"]),
        *[st.none() | NUM.filter(bool) for _ in range(6)]))
    if declaration and draw(st.booleans()):  # a declaration's block: what is asked for, and its breakdown
        budget = BudgetBlock(draw(st.sampled_from([None, "元", "万元"])), draw(st.none() | MONEY),
                             project_total=draw(st.none() | MONEY), fiscal=draw(st.none() | MONEY),
                             other=draw(st.none() | MONEY))
    return Table(
        tid, draw(TEXT | st.just("")), draw(st.none() | st.integers(2000, 2030)), tuple(rows), budget,
        draw(st.none() | st.sampled_from(["100", "90"])) if weighted else
        None if declaration else draw(st.none() | NUM.filter(bool)),
        None if declaration else draw(st.none() | NUM.filter(bool)),
        None if declaration else draw(st.none() | st.sampled_from(["优", "良", "中", "差"])),
        draw(OPT), draw(OPT), None, "declaration" if declaration else "self_evaluation",
    )
