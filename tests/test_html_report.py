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
    for i, (r, _) in enumerate(results):
        assert f'<a href="#t{i}">{escape(r.table.id)}</a>' in page
        assert f'<section id="t{i}"><h2>{escape(r.table.id)} ' in page


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


def test_declarations_show_targets_only(page, results):
    sec = _section(page, results, "003-t1")
    assert "目标申报表" in sec and "<svg" not in sec and "表载得分" not in sec
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
