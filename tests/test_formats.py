"""Every format a table is published in (issue 10): the seed tables laid out as XLSX, XLS,
ODS, HTML, DOCX and PDF documents (tests/documents.py makes them) read to the same tables;
text in every encoding Excel and Notepad save; the format known by content where the name
lies; directories read recursively; a PDF without a text layer says so."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import attrs
import pytest
from documents import html_page, write_docx, write_ods, write_pdf, write_xls, write_xlsx

from indicator_dsl.reading import read_tables
from indicator_dsl.tables.io import read_corpus_file, table_grid, without_provenance
from indicator_dsl.tables.model import Table

CORPUS = Path(__file__).resolve().parent / "fixtures" / "tables"


def seed_tables() -> dict[str, list[Table]]:
    problems: list = []
    tables = read_corpus_file(CORPUS / "seed000_002_indicators.tsv", problems)
    tables += read_corpus_file(CORPUS / "seed001_indicators.tsv", problems)
    tables += read_corpus_file(CORPUS / "seed003_targets.tsv", problems)
    assert problems == []
    out: dict[str, list[Table]] = {}
    for t in tables:
        out.setdefault(t.id.split("-")[0], []).append(t)
    return out


SEEDS = seed_tables()


def squeezed(t: Table) -> Table:
    """The table with the whitespace taken out of its text (a PDF drops a space at a line wrap)."""
    def sq(v):
        return re.sub(r"\s+", "", v) if isinstance(v, str) else v
    rows = tuple(attrs.evolve(r, **{f.name: sq(getattr(r, f.name)) for f in attrs.fields(type(r))}) for r in t.rows)
    return attrs.evolve(t, project=sq(t.project), rows=rows)


def same_tables(got: list[Table], want: list[Table], squeeze: bool = False) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want):
        w = attrs.evolve(w, id=g.id, rows=tuple(attrs.evolve(r, id=x.id) for r, x in zip(w.rows, g.rows)))
        g, w = without_provenance(g), without_provenance(w)
        if squeeze:
            g, w = squeezed(g), squeezed(w)
        assert g == w, g.id


WRITERS = {
    "one-sheet.xlsx": lambda ts, p: write_xlsx(ts, p, one_sheet=True),
    "per-sheet.xlsx": lambda ts, p: write_xlsx(ts, p, one_sheet=False),
    "book.xls": write_xls,
    "book.ods": write_ods,
    "page.html": lambda ts, p: p.write_text(html_page(ts), encoding="utf-8"),
    "page-gbk.htm": lambda ts, p: p.write_bytes(html_page(ts, "gbk").encode("gbk")),
    "served-as.xls": lambda ts, p: p.write_text(html_page(ts), encoding="utf-8"),  # an HTML page named .xls
    "doc.docx": write_docx,
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_each_format_reads_to_the_same_tables(tmp_path, seed, name):
    path = tmp_path / name
    WRITERS[name](SEEDS[seed], path)
    tables, problems = read_tables(path)
    assert problems == [], [str(p) for p in problems]
    same_tables(tables, SEEDS[seed])
    assert all(r.where and r.where.startswith(str(path)) for t in tables for r in t.rows)


def test_a_workbook_that_is_named_xls_but_is_xlsx(tmp_path):
    path = tmp_path / "汇总.xls"
    write_xlsx(SEEDS["000"], path, one_sheet=True)
    tables, problems = read_tables(path)
    assert problems == [] and [t.id for t in tables] == [f"自评表-t{n}" for n in range(1, 5)]


@pytest.mark.parametrize("seed", ["000", "003"])
def test_pdf_with_a_text_layer(tmp_path, seed):
    """Ruled tables under their titles, cells wrapped over lines, long tables over pages."""
    path = tmp_path / f"{seed}.pdf"
    write_pdf(SEEDS[seed], path)
    tables, problems = read_tables(path)
    assert problems == [], [str(p) for p in problems]
    same_tables(tables, SEEDS[seed], squeeze=True)


def test_pdf_table_split_over_pages(tmp_path):
    path = tmp_path / "split.pdf"
    write_pdf(SEEDS["000"][1:2], path, row_height=40)  # 29 rows of 40pt: three pages
    (t,), problems = read_tables(path)
    assert problems == []
    assert {r.where.rsplit(":", 1)[1] for r in t.rows} >= {"page1", "page2"}
    same_tables([t], SEEDS["000"][1:2], squeeze=True)


def test_pdf_without_a_text_layer_says_so(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600)  # lines only, as a scanned image has no text
    c.showPage()
    c.save()
    tables, problems = read_tables(path)
    assert tables == [] and [(p.code, p.source) for p in problems] == [("R109", str(path))]
    assert "text layer" in problems[0].message and "OCR" in problems[0].message


def test_pdf_with_text_but_no_table(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 700, "Dear reader")
    c.save()
    tables, problems = read_tables(path)
    assert tables == [] and [p.code for p in problems] == ["R104"]


def tsv(tables: list[Table]) -> str:
    return "\n\n".join("\n".join("\t".join(row) for row in table_grid(t)) for t in tables) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("suffix", [".txt", ".tsv", ".csv"])
def test_text_in_every_encoding(tmp_path, encoding, suffix):
    """UTF-16 as Excel saves "Unicode text" (tab-separated, whatever the file is called)."""
    path = tmp_path / f"表{suffix}"
    path.write_bytes(tsv(SEEDS["000"]).encode(encoding))
    tables, problems = read_tables(path)
    assert problems == [], [str(p) for p in problems]
    same_tables(tables, SEEDS["000"])


def test_a_directory_is_read_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    write_docx(SEEDS["002"], tmp_path / "a" / "b" / "doc.docx")
    (tmp_path / "a" / "page.html").write_text(html_page(SEEDS["000"][:1]), encoding="utf-8")
    (tmp_path / "a" / "说明.txt").write_text("本目录为2024年度自评表。\n", encoding="utf-8")  # no table: passed over
    (tmp_path / "~$doc.docx").write_bytes(b"lock")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.csv").write_text("garbage", encoding="utf-8")
    tables, problems = read_tables(tmp_path)
    assert problems == [], [str(p) for p in problems]
    assert [t.id for t in tables] == ["doc", "page"]


def test_a_text_file_named_directly_without_a_table_is_a_problem(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_text("本目录为2024年度自评表。\n", encoding="utf-8")
    tables, problems = read_tables(path)
    assert tables == [] and [p.code for p in problems] == ["R104"]


def test_a_workbook_without_a_table_is_a_problem(tmp_path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("填表说明").write(0, 0, "本表由项目单位填写")
    path = tmp_path / "说明.xls"
    wb.save(str(path))
    tables, problems = read_tables(path)
    assert tables == [] and [p.code for p in problems] == ["R104"]


@pytest.mark.parametrize("name, content", [("bad.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
                                           ("bad.docx", b"PK\x03\x04 not really a zip"),
                                           ("bad.pdf", b"%PDF-1.4 broken"),
                                           ("bad.ods", b"nothing")])
def test_an_unreadable_document_is_a_problem(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    tables, problems = read_tables(path)
    assert tables == [] and [(p.code, p.source) for p in problems] == [("R100", str(path))]


def test_a_directory_without_a_table_is_a_problem(tmp_path):
    (tmp_path / "说明.txt").write_text("本目录为2024年度自评表。\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    tables, problems = read_tables(tmp_path)
    assert tables == [] and [(p.code, p.source) for p in problems] == [("R104", str(tmp_path))]


def test_cli_exits_2_naming_a_path_without_a_table(tmp_path, capsys):
    from indicator_dsl.cli import main

    (tmp_path / "empty").mkdir()
    for command in ("score", "audit"):
        assert main([command, str(tmp_path / "empty")]) == 2
        assert str(tmp_path / "empty") in capsys.readouterr().err
    assert main(["convert-table", str(tmp_path / "empty"), str(tmp_path / "out.json")]) == 2


# ---------------------------------------------------------------------------
# Property: any table written in each output format reads back as the same table (within
# what the format carries: docs/tables.md, "Round trips and their limits")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from table_strategies import tables as generated_tables  # noqa: E402

from indicator_dsl.spec.convert import write_spec_files  # noqa: E402
from indicator_dsl.spec.format import canonical_target  # noqa: E402
from indicator_dsl.spec.read import is_quoted  # noqa: E402
from indicator_dsl.tables.io import write_tables  # noqa: E402

_NO_FIGURE = ("—", "——", "-", "－", "/", "／", "无")


def corpus_view(t: Table) -> Table:
    """What the corpus TSVs carry: no 主管部门 or 实施单位; a declaration's rows without 分值,
    and no budget or total."""
    t = attrs.evolve(t, department=None, unit=None)
    if t.kind == "declaration":
        t = attrs.evolve(t, budget=None, weight_total=None, rows=tuple(attrs.evolve(r, weight="") for r in t.rows))
    return t


def spec_view(t: Table) -> Table:
    """What a spec file carries: targets in canonical text where that says everything (a quoted
    target as it is), and no "—" for a missing figure."""
    def fig(x: str | None) -> str | None:
        return None if x in _NO_FIGURE else x

    rows = tuple(attrs.evolve(r, target=r.target if is_quoted(r.target) else canonical_target(r.target, t.year),
                              weight="" if r.weight in _NO_FIGURE else r.weight,
                              score="" if r.score in _NO_FIGURE else r.score) for r in t.rows)
    b = t.budget
    budget = None if b is None else attrs.evolve(b, **{k: fig(getattr(b, k)) for k in
                                                      ("initial", "full", "executed", "weight", "rate", "score")})
    return attrs.evolve(t, rows=rows, budget=budget, weight_total=fig(t.weight_total), score_total=fig(t.score_total))


def _files(t: Table, d: Path) -> dict[str, tuple[list[Path], Callable[[Table], Table]]]:
    """The table written in every output format: name -> (what to read back, what it carries)."""
    same: Callable[[Table], Table] = lambda x: x  # noqa: E731
    out: dict[str, tuple[list[Path], Callable[[Table], Table]]] = {}
    for suffix in (".xlsx", ".csv", ".tsv", ".json", ".jsonl"):
        out[suffix] = (write_tables([t], d / f"{t.id}{suffix}"), same)
    for to in ("csv", "tsv", "xlsx", "json"):
        out[f"--to {to}"] = (write_tables([t], d / f"to-{to}", to), same)
    write_tables([t], d / "corpus", "corpus")
    out["--to corpus"] = ([d / "corpus"], corpus_view)
    out[".ind"] = (write_spec_files([t], d / "spec"), spec_view)
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(generated_tables())
def test_any_table_reads_back_from_every_output_format(tmp_path_factory, t):
    from indicator_dsl.reading import read_tables as read_any  # spec files too

    d = tmp_path_factory.mktemp("fmt")
    for name, (paths, view) in _files(t, d).items():
        if name == "--to corpus" and t.kind == "declaration" and not t.rows:
            assert not any(paths[0].iterdir())  # the corpus holds a declaration by its rows only
            continue
        back, problems = read_any(paths)
        assert problems == [], (name, [str(x) for x in problems])
        assert [without_provenance(x) for x in back] == [without_provenance(view(t))], name


DOCUMENT_WRITERS = {k: v for k, v in WRITERS.items() if k in ("one-sheet.xlsx", "book.xls", "book.ods", "page.html",
                                                              "doc.docx")}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(generated_tables())
def test_any_table_reads_back_from_every_document_a_publisher_makes(tmp_path_factory, t):
    """The same table laid out as publishers do (title merged across, 一级/二级 labels merged
    down, a 填表说明 sheet first, rowspan in HTML, merged cells in Word) reads back as itself."""
    d = tmp_path_factory.mktemp("doc")
    for name, write in DOCUMENT_WRITERS.items():
        path = d / name
        write([t], path)
        back, problems = read_tables(path)
        assert problems == [], (name, [str(x) for x in problems])
        same_tables(back, [t])
