"""Layouts other publishers use (issue 10, generality): documents made here the way a county,
a town or a provincial system prints them, each read in full: every row, the budget block
and the printed total; and the audit finds nothing in a table whose figures agree.

- a county's 部门整体支出绩效自评表: 主管部门及代码, a 年度预算申请(万元) block with 其中 rows,
  年度总体目标 text rows before the indicators, 绩效指标 in a first column, 自评等级;
- an .xls a government site serves that is Excel's "save as web page" HTML, in GBK, its title
  and 项目名称 inside the table, the 项目资金 label merged down its block, labels broken by <br>;
- a PDF of one table over two pages, its header repeated at the top of the second, the title
  and project lines printed as paragraphs above it;
- a workbook whose sheet starts with 附件 and 填表说明 lines, with a 资金情况（万元） block without
  年初预算数, 绩效指标 merged over a two-row header, 合计 for 总分 and 自评结论 for the grade,
  and a declaration of a provincial system with the split target 指标性质 | 指标值 | 度量单位.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indicator_dsl.reading import read_tables
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.model import BudgetBlock, Table
from indicator_dsl.tables.score import score_table

COUNTY = """部门整体支出绩效自评表
（2023年度）
主管部门及代码\t[101]某县教育局\t\t\t实施单位\t某县教育局
年度预算申请(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t1,200.00\t1,350.00\t1,300.50\t10\t96.33%\t9.63
\t其中：基本支出\t800.00\t800.00\t800.00\t—\t—\t—
\t项目支出\t400.00\t550.00\t500.50\t—\t—\t—
年度总体目标\t预期目标\t\t\t实际完成情况
\t保障教育系统正常运转，完成各项教育教学任务\t\t\t全年保障了全县32所学校正常运转
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t保障在校学生人数\t≥5000人\t5230人\t20\t20
\t\t\t教师培训人次\t≥600人次\t580人次\t10\t9.67\t部分教师因疫情未参训
\t\t质量指标\t义务教育巩固率\t≥99%\t99.5%\t10\t10
\t\t时效指标\t资金拨付及时率\t100%\t100%\t10\t10
\t效益指标\t社会效益指标\t适龄儿童入学率\t≥99%\t99.8%\t20\t20
\t\t可持续影响指标\t办学条件持续改善\t持续改善\t持续改善\t10\t10
\t满意度指标\t服务对象满意度指标\t家长满意度\t≥90%\t93%\t10\t10
总分\t\t\t\t\t\t100\t99.3
自评等级\t优
"""


def _check(t: Table, rows: list[tuple[str, ...]], budget: BudgetBlock | None, totals: tuple) -> None:
    assert [(r.level1, r.level2, r.level3, r.target, r.actual, r.weight, r.score) for r in t.rows] == rows
    assert t.budget == budget
    assert (t.weight_total, t.score_total, t.grade) == totals
    assert [f for f in audit(score_table(t)) if f.is_error] == []   # the figures agree with the rules


def test_a_countys_department_table(tmp_path):
    path = tmp_path / "部门整体支出绩效自评表.txt"
    path.write_text(COUNTY, encoding="gbk")
    (t,), problems = read_tables(path)
    assert problems == []
    assert (t.kind, t.year, t.department, t.unit) == ("self_evaluation", 2023, "[101]某县教育局", "某县教育局")
    _check(t, [
        ("产出指标", "数量指标", "保障在校学生人数", "≥5000人", "5230人", "20", "20"),
        ("产出指标", "数量指标", "教师培训人次", "≥600人次", "580人次", "10", "9.67"),
        ("产出指标", "质量指标", "义务教育巩固率", "≥99%", "99.5%", "10", "10"),
        ("产出指标", "时效指标", "资金拨付及时率", "100%", "100%", "10", "10"),
        ("效益指标", "社会效益指标", "适龄儿童入学率", "≥99%", "99.8%", "20", "20"),
        ("效益指标", "可持续影响指标", "办学条件持续改善", "持续改善", "持续改善", "10", "10"),
        ("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "93%", "10", "10"),
    ], BudgetBlock("万元", "1,200.00", "1,350.00", "1,300.50", "10", "96.33%", "9.63"), ("100", "99.3", "优"))
    assert t.rows[1].note == "部分教师因疫情未参训"


def _excel_web_page() -> bytes:
    rows = [
        "<tr height=38><td colspan=8 height=38 class=xl65 width=1000>2022年度项目支出绩效自评表</td></tr>",
        "<tr><td colspan=8 class=xl66>（2022年度）</td></tr>",
        "<tr><td class=xl67>项目名称</td><td colspan=7 class=xl68>农村饮水安全巩固提升工程</td></tr>",
        "<tr><td>主管部门</td><td colspan=3>某县水利局</td><td>实施单位</td><td colspan=3>某县水务服务中心</td></tr>",
        "<tr><td rowspan=3>项目资金<br>（万元）</td><td>&nbsp;</td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td>"
        "<td>分值</td><td>执行率</td><td>得分</td></tr>",
        "<tr><td>年度资金总额</td><td x:num>300</td><td x:num>320</td><td x:num>310.4</td><td x:num>10</td>"
        "<td x:num>97.00%</td><td x:num>9.7</td></tr>",
        "<tr><td>其中：财政拨款</td><td>300</td><td>320</td><td>310.4</td><td>—</td><td>—</td><td>—</td></tr>",
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度<br>指标值</td><td>实际<br>完成值</td><td>分值</td>"
        "<td>得分</td><td>偏差原因分析<br>及改进措施</td></tr>",
        "<tr><td rowspan=3>产出指标</td><td rowspan=2>数量指标</td><td>新建供水管网</td><td>≥15公里</td><td>16.2公里</td>"
        "<td>20</td><td>20</td><td>&nbsp;</td></tr>",
        "<tr><td>受益人口</td><td>≥1.2万人</td><td>1.25万人</td><td>20</td><td>20</td><td></td></tr>",
        "<tr><td>质量指标</td><td>水质达标率</td><td>100%</td><td>98%</td><td>10</td><td>9.8</td><td>个别水样浊度超标，已整改</td></tr>",
        "<tr><td>效益指标</td><td>社会效益指标</td><td>农村供水保障水平</td><td>明显提升</td><td>明显提升</td><td>30</td><td>30</td>"
        "<td></td></tr>",
        "<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>受益群众满意度</td><td>≥90%</td><td>95%</td><td>10</td><td>10</td>"
        "<td></td></tr>",
        "<tr><td colspan=5>总分</td><td>100</td><td>99.5</td><td></td></tr>",
        "<tr><td>评分等级</td><td colspan=7>优</td></tr>",
    ]
    page = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
            '<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><meta name=ProgId content=Excel.Sheet>'
            "<style>.xl65{font-size:16pt}</style></head><body link=blue vlink=purple>\n"
            "<table x:str border=0 cellpadding=0 cellspacing=0 width=1000 style='border-collapse:collapse'>\n"
            + "\n".join(rows) + "\n</table></body></html>")
    return page.encode("gbk")


def test_an_xls_that_is_excels_web_page(tmp_path):
    path = tmp_path / "自评表.xls"
    path.write_bytes(_excel_web_page())
    (t,), problems = read_tables(path)
    assert problems == []
    assert (t.project, t.year, t.department, t.unit) == ("农村饮水安全巩固提升工程", 2022, "某县水利局", "某县水务服务中心")
    _check(t, [
        ("产出指标", "数量指标", "新建供水管网", "≥15公里", "16.2公里", "20", "20"),
        ("产出指标", "数量指标", "受益人口", "≥1.2万人", "1.25万人", "20", "20"),
        ("产出指标", "质量指标", "水质达标率", "100%", "98%", "10", "9.8"),
        ("效益指标", "社会效益指标", "农村供水保障水平", "明显提升", "明显提升", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10"),
    ], BudgetBlock("万元", "300", "320", "310.4", "10", "97.00%", "9.7"), ("100", "99.5", "优"))
    assert t.rows[2].note == "个别水样浊度超标，已整改"


def _pdf_over_two_pages(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    title = ParagraphStyle("title", fontName="STSong-Light", fontSize=14, leading=18)
    text = ParagraphStyle("text", fontName="STSong-Light", fontSize=9, leading=12)
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    data = [[Paragraph(v, cell) for v in head]]
    for row in PDF_ROWS:
        data.append([Paragraph(v, cell) if v else "" for v in row] + [""])
    data.append([Paragraph("总分", cell), "", "", "", "", Paragraph("100", cell), Paragraph("100", cell), ""])
    table = PdfTable(data, colWidths=[55, 60, 110, 60, 60, 30, 30, 90], repeatRows=1, rowHeights=28)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph("2024年度项目支出绩效自评表", title), Spacer(1, 4),
             Paragraph("项目名称：社区综合服务能力提升", text), Paragraph("主管部门：某区民政局", text),
             Paragraph("实施单位：某街道办事处", text), Spacer(1, 6), table, Spacer(1, 6),
             Paragraph("评分等级：优", text), Paragraph("填报人：李四　　联系电话：12345678", text)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


PDF_ROWS = [("产出指标" if i <= 20 else "效益指标" if i <= 28 else "满意度指标",
             "数量指标" if i <= 12 else "质量指标" if i <= 20 else "社会效益指标" if i <= 28 else "服务对象满意度指标",
             f"第{i}项工作任务完成情况", f"≥{i}次", f"{i + 1}次", "13" if i == 30 else "3", "13" if i == 30 else "3")
            for i in range(1, 31)]


def test_a_pdf_table_over_two_pages_with_its_header_repeated(tmp_path):
    path = tmp_path / "自评表.pdf"
    _pdf_over_two_pages(path)
    (t,), problems = read_tables(path)
    assert problems == []
    assert (t.project, t.year, t.department, t.unit) == ("社区综合服务能力提升", 2024, "某区民政局", "某街道办事处")
    _check(t, PDF_ROWS, None, ("100", "100", "优"))
    assert {r.where.rsplit(":", 1)[1] for r in t.rows} == {"page1", "page2"}


def _workbook(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in [
        ["附件2"],
        ["填表说明：1.本表由项目实施单位填写；2.金额单位为万元；3.偏差原因须逐项说明。"],
        [],
        ["2023年度项目支出绩效自评表"],
        ["项目名称", "乡村道路养护"],
        ["主管部门", "某镇人民政府", None, None, "实施单位", "某镇农业农村办"],
        ["资金情况（万元）", None, "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 80, 76, 10, 0.95, 9.5],
        ["绩效指标", None, None, "指标值", "实际完成值", "分值", "得分", "未完成原因分析"],
        ["一级指标", "二级指标", "三级指标"],
        ["产出指标", "数量指标", "养护道路里程", "≥42公里", "42公里", 30, 30],
        [None, "质量指标", "路面完好率", "≥95%", "93%", 20, 19.58, "雨季损毁"],
        [None, "时效指标", "养护完成时间", "2023年11月底前", "2023年11月20日", 10, 10],
        [None, "小计", None, None, None, 60, 59.58],
        ["效益指标", "社会效益指标", "群众出行条件", "有效改善", "有效改善", 20, 20],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "96%", 10, 10],
        ["合计", None, None, None, None, 100, 99.08],
        ["自评结论", "优"],
    ]:
        ws.append(row)
    ws["F8"].number_format = "0.00%"
    for merged in ("A11:A14", "A9:C9", "A4:H4"):
        ws.merge_cells(merged)
    ws2 = wb.create_sheet("申报表")
    for row in [
        ["2025年度项目绩效目标表"],
        ["项目名称", "乡村道路养护"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"],
        ["产出指标", "数量指标", "养护道路里程", "≥", "45", "公里", 40],
        [None, "质量指标", "路面完好率", "≥", "95", "%", 30],
        ["效益指标", "社会效益指标", "群众出行条件", "定性", "有效改善", None, 20],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥", "90", "%", 10],
    ]:
        ws2.append(row)
    wb.save(path)


def test_a_workbook_with_notes_above_the_table_and_a_declaration(tmp_path):
    path = tmp_path / "乡村道路.xlsx"
    _workbook(path)
    (t, d), problems = read_tables(path)
    assert problems == []
    assert (t.id, t.project, t.year, t.department, t.unit) == ("乡村道路-Sheet1", "乡村道路养护", 2023, "某镇人民政府", "某镇农业农村办")
    _check(t, [
        ("产出指标", "数量指标", "养护道路里程", "≥42公里", "42公里", "30", "30"),
        ("产出指标", "质量指标", "路面完好率", "≥95%", "93%", "20", "19.58"),
        ("产出指标", "时效指标", "养护完成时间", "2023年11月底前", "2023年11月20日", "10", "10"),
        ("效益指标", "社会效益指标", "群众出行条件", "有效改善", "有效改善", "20", "20"),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "96%", "10", "10"),
    ], BudgetBlock("万元", None, "80", "76", "10", "95.00%", "9.5"), ("100", "99.08", "优"))
    assert t.rows[1].note == "雨季损毁"
    assert (d.id, d.kind, d.year) == ("申报表", "declaration", 2025)
    assert [(r.level3, r.target, r.weight) for r in d.rows] == [
        ("养护道路里程", "≥45公里", "40"), ("路面完好率", "≥95%", "30"), ("群众出行条件", "有效改善", "20"),
        ("沿线群众满意度", "≥90%", "10")]


@pytest.mark.parametrize("name", ["county", "web", "pdf", "workbook"])
def test_each_converts_to_spec_files_that_check_clean(tmp_path, name):
    from indicator_dsl.spec.convert import write_spec_files
    from indicator_dsl.spec.lint import check_paths

    path = tmp_path / {"county": "c.txt", "web": "w.xls", "pdf": "p.pdf", "workbook": "b.xlsx"}[name]
    if name == "county":
        path.write_text(COUNTY, encoding="utf-8")
    elif name == "web":
        path.write_bytes(_excel_web_page())
    elif name == "pdf":
        _pdf_over_two_pages(path)
    else:
        _workbook(path)
    tables, _ = read_tables(path)
    written = write_spec_files(tables, tmp_path / "specs")
    assert [d for _, _, diags in check_paths(written) for d in diags if d.is_error] == []
