"""The command line's face: --version, help for every argument, a terminal table sized to
its content and the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from indicator_dsl.cli import build_parser, main
from indicator_dsl.source import display_width
from indicator_dsl.version import __version__


def _parsers(p: argparse.ArgumentParser, path: str = "indicator-dsl"):
    yield path, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"indicator-dsl {__version__}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_argument_of_every_command_has_help(lang: str) -> None:
    missing = []
    for path, parser in _parsers(build_parser(lang)):
        for action in parser._actions:
            if action.help is None or not str(action.help).strip():
                missing.append(f"{path}: {action.option_strings or action.dest}")
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{path} {a.dest}" for a in action._choices_actions if not (a.help or "").strip()]
    assert not missing, missing
    assert sum(1 for _ in _parsers(build_parser(lang))) >= 12


def test_the_help_comes_from_the_catalog() -> None:
    """Every help text and description differs between the languages (each is a catalog message),
    and the Chinese ones are Chinese."""
    def texts(lang: str) -> list[str]:
        out = []
        for _, parser in _parsers(build_parser(lang)):
            out.append(parser.description or "")
            for action in parser._actions:
                out.append(str(action.help))
                if isinstance(action, argparse._SubParsersAction):
                    out += [str(a.help) for a in action._choices_actions]
        return out

    en, zh = texts("en"), texts("zh")
    assert len(en) == len(zh) > 100
    same = [e for e, z in zip(en, zh) if e == z and e not in ("", "==SUPPRESS==")]
    assert not same, same
    assert all(any("\u4e00" <= c <= "\u9fff" for c in z) for z in zh if z not in ("", "==SUPPRESS=="))


LONG = "2021年科技类社会组织党建工作绩效自评表"


def _score_output(tmp_path, monkeypatch, capsys, columns: int) -> str:
    src = (Path(__file__).resolve().parent.parent / "examples" / "example.ind").read_text(encoding="utf-8")
    (tmp_path / f"{LONG}.ind").write_text(src, encoding="utf-8")
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["score", "--quiet", str(tmp_path / f"{LONG}.ind")]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_score_table_fits_the_terminal_and_never_cuts_a_row_id(tmp_path, monkeypatch, capsys, columns) -> None:
    out = _score_output(tmp_path, monkeypatch, capsys, columns)
    table = out.split("\n")[3:]
    assert table[0].startswith("row")
    # every line within the terminal (display width: a CJK character takes two columns)
    assert all(display_width(line) <= columns for line in table), [line for line in table if display_width(line) > columns]
    # the row ids, read back from the first column (wrapped lines joined), are whole and distinct
    width = len(table[0]) - len(table[0][3:].lstrip()) - 2  # "row", its padding, the gap
    ids, current = [], ""
    for line in table[1:]:
        if not line.strip():
            continue
        first = _first_cell(line, width)
        if first and not line.startswith(" "):
            if current:
                ids.append(current)
            current = first
        elif first:
            current += first.strip()
    ids.append(current)
    assert ids == [f"{LONG}-r0{i}" for i in range(1, 8)]


def _first_cell(line: str, width: int) -> str:
    """The text in the first ``width`` display columns of ``line``."""
    out, w = [], 0
    for c in line:
        w += display_width(c)
        if w > width:
            break
        out.append(c)
    return "".join(out).strip()


def test_score_table_columns_follow_the_content_on_a_wide_terminal(tmp_path, monkeypatch, capsys) -> None:
    out = _score_output(tmp_path, monkeypatch, capsys, 300)
    lines = out.split("\n")
    head = lines[3]
    assert head.startswith("row" + " " * (display_width(f"{LONG}-r01") - 3 + 2) + "indicator")
    assert "…" not in "\n".join(lines[4:])  # everything fits: nothing cut
