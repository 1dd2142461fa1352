"""The HTML audit report: its content, its escaping, and a real headless browser's rendering of it."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from html import escape
from pathlib import Path

import pytest

from indicator_dsl import read_tables
from indicator_dsl.tables.audit import audit
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow
from indicator_dsl.tables.report.html import ERROR_COLOUR, WARNING_COLOUR, render_report, write_report
from indicator_dsl.tables.score import score_table

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tables"


@pytest.fixture(scope="module")
def results():
    tables, problems = read_tables([EXAMPLES])
    assert tables and not problems
    out = []
    for t in tables:
        r = score_table(t)
        out.append((r, audit(r)))
    return out


@pytest.fixture(scope="module")
def page(results):
    return render_report(results)


def _section(page: str, results, table_id: str) -> str:
    idx = next(i for i, (r, _) in enumerate(results) if r.table.id == table_id)
    m = re.search(rf'<section id="t{idx}">(.*?)</section>', page, re.S)
    assert m, f"no section for {table_id}"
    return m.group(1)


def _row(section: str, row_id: str) -> str:
    m = re.search(rf'<tr class="(\w*)"><td class="id">{re.escape(row_id)}</td>(.*?)</tr>', section, re.S)
    assert m, f"no row {row_id}"
    return m.group(1) + " " + m.group(2)


def test_a_complete_utf8_page(page):
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "Noto Sans CJK SC" in page and "WenQuanYi Micro Hei" in page
    assert page.rstrip().endswith("</html>")


def test_self_contained_nothing_fetched(page):
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"\bsrc=", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls


def test_every_table_in_the_overview_and_its_own_section(page, results):
    """Every table has its overview line; a table with findings also its section, a
    details element that opens on demand; a table without findings is that line only."""
    assert any(f for _, f in results) and any(not f for _, f in results)
    for i, (r, findings) in enumerate(results):
        assert re.search(rf'<tr><td class="id">(<a href="#t{i}">)?{re.escape(escape(r.table.id))}(</a>)?</td>', page)
        if findings:
            assert f'<a href="#t{i}">{escape(r.table.id)}</a>' in page
            assert f'<section id="t{i}"><details><summary><h2>{escape(r.table.id)} ' in page
        else:
            assert f'id="t{i}"' not in page and f'href="#t{i}"' not in page


def test_the_known_execution_rate_slip_of_000_t2_is_highlighted(page, results):
    sec = _section(page, results, "000-t2")
    m = re.search(r'<tr class="err"><th>预算执行率.*?</tr>', sec, re.S)
    assert m, "the execution-rate line of 000-t2 is not marked as a difference"
    line = m.group(0)
    assert re.search(r'class="num diff">92.03%<', line) and re.search(r'class="num diff">92.02%<', line)
    assert "the printed execution rate 92.03% is neither" in sec
    # the total of 000-t2 agrees: not highlighted
    assert not re.search(r'<tr class="err"><th>总分', sec)


def test_error_rows_strong_warning_rows_light_messages_shown(page, results):
    sec = _section(page, results, "000-t1")
    r11 = _row(sec, "000-t1-r11")
    assert r11.startswith("err ") and 'class="num diff">4<' in r11 and 'class="num diff">2.8<' in r11
    assert "the printed score 4 differs from the policy&#x27;s 2.8" in r11
    r01 = _row(sec, "000-t1-r01")
    assert r01.startswith("warn ") and "偏差原因分析 cell is empty" in r01
    assert _row(sec, "000-t1-r02").startswith(" ")  # nothing found: no colour
    assert f"tr.err td {{ background: {ERROR_COLOUR}; }}" in page
    assert f"tr.warn td {{ background: {WARNING_COLOUR}; }}" in page


def test_chart_one_bar_per_row_undetermined_hatched(page, results):
    sec = _section(page, results, "002-t1")
    svg = re.search(r"<svg.*?</svg>", sec, re.S).group(0)
    r, _ = next(x for x in results if x[0].table.id == "002-t1")
    for rr in r.rows:
        assert rr.row.id.rsplit("-", 1)[-1] + " " in svg
    undetermined = sum(rr.score is None for rr in r.rows)
    assert undetermined == 3
    assert svg.count('fill="url(#hatch') == undetermined + 1  # + the legend
    assert ">35.8%<" in svg  # r01: a 预算执行率 row, 3.58 of 10 by rule 1


def test_declarations_show_targets_only(results):
    r = next(r for r, _ in results if r.table.id == "003-t1")
    finding = next(f for _, fs in results for f in fs if f.where is None)
    page = render_report([(r, [finding])])
    sec = _section(page, [(r, [finding])], "003-t1")
    assert "目标申报表" in sec and "<svg" not in sec and "填报得分" not in sec
    assert "总成本控制在批复预算内" in sec or "批复预算" in sec


def test_all_text_is_escaped():
    evil = "<script>alert('x')</script>"
    t = Table("t<&>", evil, 2023,
              rows=(TableRow("r<1>", "产出指标", "<b>数量</b>", evil, "≥2场", "<i>2场</i>", "10", "8", note=evil),),
              budget=BudgetBlock("元", "100", "100", "<90>", "10", "<rate>", "9"),
              score_total="<97>", grade="<优>", source=evil, kind="self_evaluation")
    r = score_table(t)
    page = render_report([(r, audit(r))])
    assert "<script" not in page and "<b>数量" not in page and "<i>2场" not in page and "<rate>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "t&lt;&amp;&gt;" in page and "r&lt;1&gt;" in page and "&lt;97&gt;" in page


def test_the_chinese_report_says_everything_in_the_ministrys_terms(results):
    """In Chinese every heading, label and legend is the catalog's Chinese (no English gloss);
    a finding's code stands only after its Chinese message."""
    zh = render_report([(r, audit(r, lang="zh")) for r, _ in results], lang="zh")
    en = render_report(results)
    for word in ("总览", "各表详情", "填报总分", "复核总分", "评分等级", "填报得分", "复核得分", "评价结论", "审核意见",
                 "预算执行率", "指标完成度"):
        assert word in zh and word in en, word
    for gloss in ("overview", "printed total", "policy score", "findings", "achievement per indicator", "met"):
        assert f"<small>{gloss}</small>" in en and f"<small>{gloss}</small>" not in zh, gloss
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert "超额完成目标20%以上，但偏差原因分析为空（规则17） <small class=\"code\">note_missing</small>" in zh
    assert not re.search(r'<li class="\w+"><span class="tag">[^<]*</span>[a-z_]+\b', zh)  # no code in a message's place


def test_write_report_writes_utf8(tmp_path, results):
    out = tmp_path / "audit.html"
    write_report(results[:2], out, None)
    text = out.read_bytes().decode("utf-8")
    assert "技术转移合作" in text


# -- a real browser ------------------------------------------------------------------------

def _browser() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("no headless browser: `chromium` (or `chromium-browser`) is not on PATH. "
                "Install it with `apt-get install -y chromium fonts-noto-cjk`; .ci/run does this in CI.")


def _near(rgb: tuple[int, int, int], hex_colour: str, tol: int = 6) -> bool:
    want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tol for a, b in zip(rgb, want))


def test_a_headless_browser_renders_a_readable_page(tmp_path, results):
    from PIL import Image

    html, png = tmp_path / "audit.html", tmp_path / "shot.png"
    write_report(results, html, None)
    cmd = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
           f"--screenshot={png}", "--window-size=1280,2000", html.as_uri()]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0 and png.exists(), f"chromium failed ({elapsed:.1f}s): {proc.stderr[-2000:]}"

    with Image.open(png) as im:
        assert im.size == (1280, 2000)
        rgb = im.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 22)  # [(count, (r, g, b)), ...]
    assert colours is not None and len(colours) > 200, "too few colours: the page looks blank"
    total = rgb.width * rgb.height
    non_white = sum(n for n, c in colours if min(c) < 240)
    assert non_white > 0.05 * total, f"only {non_white} of {total} pixels are not white"
    counts = {c: n for n, c in colours}
    error_px = sum(n for c, n in counts.items() if _near(c, ERROR_COLOUR))
    warning_px = sum(n for c, n in counts.items() if _near(c, WARNING_COLOUR))
    assert error_px > 1000, f"the difference highlight {ERROR_COLOUR} is not on screen ({error_px} px)"
    assert warning_px > 1000, f"the warning highlight {WARNING_COLOUR} is not on screen ({warning_px} px)"


# -- real screens and paper ----------------------------------------------------------------------

_MEASURE = """<script>
addEventListener("load", () => {
  const document = window.document.getElementById("f").contentDocument, out = window.document.body;
  for (const d of document.querySelectorAll("details")) d.open = true;  // every table opened
  const W = document.documentElement.clientWidth, bad = [], narrow = [];
  if (document.documentElement.scrollWidth > W) bad.push("page scrollWidth " + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll("body *")) {
    if (el.parentElement.closest(".scroll")) continue;  // inside a box that scrolls on its own
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > W + 0.5 || r.left < -0.5)) bad.push(el.tagName + " " + el.className + " " + Math.round(r.right));
  }
  for (const td of document.querySelectorAll("table.rows td.text")) {
    const w = td.getBoundingClientRect().width;  // an indicator name must not wrap every 3-4 characters
    if (w < 100) narrow.push(Math.round(w));
  }
  out.dataset.result = JSON.stringify({width: W, bad: bad.slice(0, 20), narrow: narrow.slice(0, 20)});
});
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [375, 768, 1280])
def test_readable_at_phone_tablet_and_desktop_widths(tmp_path, results, width, lang):
    """At each width, in each language, with every table opened, nothing reaches past the
    page's right edge (wide tables and charts scroll inside their own box) and indicator
    names keep a readable width."""
    import json

    # the report in a frame exactly WIDTH wide (a browser window has a minimum width): the
    # frame's own viewport, media queries and vw units are those of a WIDTH-wide screen
    frame = escape(render_report(results, lang=lang), quote=True)
    html = tmp_path / "measure.html"
    html.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" srcdoc="{frame}" '
                    f'style="border:0;width:{width}px;height:900px"></iframe>{_MEASURE}</body></html>', encoding="utf-8")
    proc = _chromium(tmp_path, f"--window-size={width},900", "--virtual-time-budget=5000", "--dump-dom", html.as_uri())
    m = re.search(r'<body[^>]*data-result="([^"]*)"', proc.stdout)
    assert m, "the measuring script did not run"
    result = json.loads(m.group(1).replace("&quot;", '"'))
    assert width - 20 <= result["width"] <= width, result
    assert result["bad"] == [], f"content past the right edge at {width}px: {result['bad']}"
    assert result["narrow"] == [], f"indicator cells narrower than 100px at {width}px: {result['narrow']}"


def test_prints_on_a4_landscape_with_every_table_opened_and_nothing_cut(tmp_path, results):
    """Printed (Chromium's print to PDF): A4 landscape pages, every table's details printed
    although closed on screen, every character inside the page, the last columns there."""
    import pdfplumber

    html, pdf = tmp_path / "audit.html", tmp_path / "audit.pdf"
    write_report(results, html, None)
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2
        text = []
        for page in doc.pages:
            assert abs(page.width - 841.9) < 2 and abs(page.height - 595.3) < 2, (page.width, page.height)
            outside = [c["text"] for c in page.chars if c["x1"] > page.width + 0.5 or c["x0"] < -0.5]
            assert not outside, f"characters past the page's edge: {''.join(outside)[:80]}"
            text.append(page.extract_text() or "")
    whole = re.sub(r"\s+", "", "".join(text))  # (the PDF's text may spell a CJK character as its radical form)
    # the details of a table with findings (closed on screen) are printed, to the last column
    assert "000-t1-r11" in whole and "findings" in whole and "部分达成" in whole
    assert "theprintedscore4differs" in whole


def _thousand(results):
    """1,000 tables of which a few (those of the examples) have findings."""
    quiet = [(r, []) for r, _ in results]
    return [x for x in results if x[1]] + [quiet[i % len(quiet)] for i in range(1000 - len(results))]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_size_grows_with_the_findings_not_the_tables(results, lang):
    """1,000 tables of which a few have findings: under 2 MB, a quiet table one line."""
    size = len(render_report(_thousand(results), lang=lang).encode("utf-8"))
    assert size < 2_000_000, size
    base = len(render_report([x for x in results if x[1]], lang=lang).encode("utf-8"))
    assert (size - base) / (1000 - len(results)) < 600  # bytes per table without findings


def test_a_thousand_tables_print_on_a4_with_the_overview_header_on_every_page(tmp_path, results):
    """The 1,000-table report in Chinese printed by Chromium: A4 landscape pages, nothing past
    a page's edge, the overview's header repeated on every page the overview runs over, its
    last line there, and the tables with findings after it."""
    import unicodedata

    import pypdfium2

    html, pdf = tmp_path / "big.html", tmp_path / "big.pdf"
    many = _thousand(results)
    write_report(many, html, None, lang="zh")
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    doc = pypdfium2.PdfDocument(pdf)
    texts = []
    for i in range(len(doc)):
        page = doc[i]
        width, height = page.get_size()
        assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2, (i, width, height)
        chars = page.get_textpage()
        boxes = [chars.get_charbox(k) for k in range(chars.count_chars())]
        assert all(-0.5 <= left and right <= width + 0.5 for left, _, right, _ in boxes), f"page {i + 1}: past the edge"
        texts.append(unicodedata.normalize("NFKC", chars.get_text_range()))  # a radical form as its character
    doc.close()
    details = next(i for i, t in enumerate(texts) if "各表详情" in t)
    overview = texts[:details + 1]
    assert len(overview) >= 10, len(overview)  # 1,000 lines do not fit a few pages
    assert all("填报总分" in t and "复核总分" in t for t in overview), [i for i, t in enumerate(overview) if "复核总分" not in t]
    ids = re.findall(r"\b\d{3}-t\d+\b(?!-r)", "".join(texts[:details]) + texts[details].split("各表详情")[0])
    assert len(ids) == len(many), len(ids)  # every line of the overview printed
    assert "000-t1-r11" in "".join(texts[details:]) and "部分达成" in "".join(texts[details:])
