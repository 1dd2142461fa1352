"""The grammar itself: it builds strictly, the library's tokenizer equals Lark's lexer, units agree."""

from __future__ import annotations

import re

import lark
import pytest
import strategies as S
from helpers import load_tsv
from hypothesis import given, settings

from indicator_dsl.target.grammar import grammar_text, tokenizer
from indicator_dsl.target.normalize import normalize
from indicator_dsl.target.units import DEFAULT_UNITS, canonical_unit

ROWS = load_tsv("targets.tsv")

PROSE = [
    "保障绿色技术信息平台安全稳定运行，提供绿色技术在线收储、查询、供需对接等公共服务。新增入库技术 ≥ 200 项，发布内容 ≥ 100 条。",
    "支持并发访问, 按照 500 个用户在线的访问进行设计，单页面打开的速度在 2 秒，流程打开速度 3 秒。",
    "AABI 及 IBI 等标志性业务须触达长三角科创载体不少于 10 家",
    "与上一年度相比有所上升；总成本控制在批复预算内；各项工作及时按计划完成",
    "平均每个项目不少于 2 件，530元/人*月，1次/月，约600人左右，18—54周岁",
    "2021年1月-12月 2021年全年 9月前 2025 年底前 2025-12-31 第三届 7*24 小时",
    "百分之九十 一点五万元 1.5万人次 66.68亿元 1,000.5 .5 0.01‰ (百分比)（次）",
    "满意度≥9O% >=1O =5l次 ≥90(% ≥≥90 =次5 1-场 ≥90()",
    "kg KM TB GB 平方公里 个百分点 公顷 \\geq $ @#&! \"引号\" “一带一路” 😀 ∞",
]


@pytest.fixture(scope="module")
def basic_lark() -> lark.Lark:
    """grammars/target.lark with Lark's own basic lexer (the reference for our tokenizer).

    Lark's collision check over all terminals at once takes minutes on this grammar
    (interegular builds one product alphabet for every pair); the same check is made
    group by group in test_no_two_terminals_of_one_priority_collide, in about a second.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lark.lexer, "has_interegular", False)
        parser = lark.Lark(
            grammar_text("target.lark"),
            parser="lalr",
            lexer="basic",
            start=["cell", "phrase", "tokens"],
            strict=False,
            maybe_placeholders=False,
        )
        # Lark.lex() would build (and collision-check) a new lexer on every call:
        # give it the parser's own basic lexer, built above without the check.
        parser.lexer = parser.parser.lexer
        return parser


def test_runtime_parser_is_strict_lalr():
    """The runtime parser is built with strict=True: a shift/reduce conflict would raise."""
    from indicator_dsl.target.grammar import target_lark

    assert target_lark().options.strict is True


def test_no_two_terminals_of_one_priority_collide(basic_lark):
    """Within one priority, no two terminals match the same string (Lark's strict check, per group).

    Terminals of different priorities overlap on purpose (a keyword beats WORD); the
    lexer tries the higher priority first.  Terminals whose regex interegular cannot
    read (look-arounds) are left out of its check, as Lark itself leaves them out.
    """
    import interegular
    from lark.utils import classify

    regexps = {t: t.pattern.to_regexp() for t in basic_lark.terminals if t.pattern.type == "re"}
    readable = {}
    for t, r in regexps.items():
        try:
            interegular.parse_pattern(r)
        except Exception:  # look-arounds: not checkable, as in Lark
            continue
        readable[t] = r
    collisions = []
    for _, group in classify(readable, lambda t: t.priority).items():
        comparator = interegular.Comparator.from_regexes({t: readable[t] for t in group})
        collisions += [(a.name, b.name) for a, b in comparator.check(list(group))]
    assert collisions == []


strict_lark = basic_lark  # the tests below compare our tokens with Lark's lexer


def _lark_tokens(parser: lark.Lark, text: str) -> list[tuple[str, str]]:
    return [(t.type, str(t)) for t in parser.lex(text)]


def _our_tokens(text: str) -> list[tuple[str, str]]:
    return [(t.type, str(t.value)) for t in tokenizer().tokens(text)]


def test_grammar_builds_with_three_start_symbols(strict_lark):
    """The grammar builds with a basic lexer and parses from cell, phrase and tokens."""
    assert set(strict_lark.options.start) == {"cell", "phrase", "tokens"}
    assert strict_lark.parse("≥90(%)", start="cell").data == "cell"
    assert strict_lark.parse("≥ 200 项", start="phrase").data == "phrase"
    assert strict_lark.parse("新增入库技术 ≥ 200 项", start="tokens").data == "tokens"


@pytest.mark.parametrize("row", [pytest.param(r, id=r["id"]) for r in ROWS])
def test_tokenizer_equals_lark_lexer_on_corpus(strict_lark, row):
    """On every corpus target, the library's tokens are Lark's basic lexer's tokens."""
    text = normalize(row["target"]).text
    assert _our_tokens(text) == _lark_tokens(strict_lark, text)


@pytest.mark.parametrize("text", PROSE, ids=range(len(PROSE)))
def test_tokenizer_equals_lark_lexer_on_prose(strict_lark, text):
    """On prose and malformed cells, the library's tokens are Lark's basic lexer's tokens."""
    norm = normalize(text).text
    assert _our_tokens(norm) == _lark_tokens(strict_lark, norm)


@settings(max_examples=100)
@given(text=S.targetish_text)
def test_tokenizer_equals_lark_lexer_on_targetish_text(strict_lark, text):
    """On generated near-miss targets, the library's tokens are Lark's basic lexer's tokens."""
    norm = normalize(text).text
    assert _our_tokens(norm) == _lark_tokens(strict_lark, norm)


def _unit_alternatives() -> list[str]:
    m = re.search(r"^UNIT(?:\.\d+)?:\s*/(.*)/\s*$", grammar_text("target.lark"), re.M)
    assert m is not None, "no UNIT terminal in target.lark"
    alts = m.group(1).split("|")
    assert all(re.fullmatch(r"[\w]+", a) for a in alts), "UNIT is expected to be a plain list of words"
    return alts


@pytest.mark.parametrize("unit", _unit_alternatives() + ["百分比"])
def test_every_grammar_unit_is_in_the_unit_table(unit):
    """Every alternative of the UNIT terminal (and 百分比) is a unit of DEFAULT_UNITS after canonical_unit."""
    assert DEFAULT_UNITS.get(canonical_unit(unit)) is not None


def test_percent_spellings_are_one_unit():
    """百分比 and ％ are written % and the PCT terminal's units are in the table."""
    assert canonical_unit("百分比") == canonical_unit("％") == "%"
    assert DEFAULT_UNITS.get("%") is not None and DEFAULT_UNITS.get("‰") is not None
