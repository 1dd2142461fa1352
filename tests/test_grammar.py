"""The grammar itself: it builds strictly, the library's tokenizer equals Lark's lexer, units agree."""

from __future__ import annotations

import re
from decimal import Decimal as D

import lark
import pytest
import strategies as S
from helpers import load_tsv
from hypothesis import given, settings

from indicator_dsl import parse_target
from indicator_dsl.target.grammar import GENERATED, fill_terminals, grammar_text, target_lark, tokenizer
from indicator_dsl.target.normalize import normalize
from indicator_dsl.target.units import DEFAULT_UNITS, LISTED_UNITS, canonical_unit, is_listed_unit
from indicator_dsl.target.vocabulary import vocabulary

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
            edit_terminals=fill_terminals,
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


# ------------------------------------------------------------------ the vocabulary
VOCABULARY_WORDS = [row[0] for row in vocabulary().units] + list(vocabulary().spellings)


def _alternatives(name: str) -> list[str]:
    pattern = next(t.pattern for t in target_lark().terminals if t.name == name)
    assert pattern.type == "re" and not pattern.flags
    return [re.sub(r"\\(.)", r"\1", a) for a in pattern.value.split("|")]


def test_generated_terminals_list_exactly_the_listed_vocabulary():
    """UNIT and PCT are generated: the grammar writes a placeholder, the parser's terminals
    list exactly the vocabulary's listed words, each once, the longest first."""
    text = grammar_text("target.lark")
    for name in ("UNIT", "PCT"):
        assert re.search(rf"^{name}(?:\.\d+)?:\s*/{re.escape(GENERATED)}/\s*$", text, re.M), name
        alts = _alternatives(name)
        assert set(alts) == vocabulary().terminals[name] and len(alts) == len(set(alts)), name
        assert [len(a) for a in alts] == sorted((len(a) for a in alts), reverse=True), name
    assert set(_alternatives("UNIT")) | set(_alternatives("PCT")) == LISTED_UNITS
    assert LISTED_UNITS <= set(VOCABULARY_WORDS)


COMPARISON = sorted(vocabulary().comparison)


@pytest.mark.parametrize("name", COMPARISON)
def test_each_comparison_terminal_lists_exactly_its_vocabulary_entry(name):
    """OP_GE ... TREND_DOWN are generated from [comparison]: the grammar writes the
    placeholder, and the parser's terminal is the entry's context regexes (in file order),
    then exactly its words, each once, escaped, the longest first."""
    assert re.search(rf"^{name}(?:\.\d+)?:\s*/{re.escape(GENERATED)}/\s*$", grammar_text("target.lark"), re.M), name
    pattern = next(t.pattern for t in target_lark().terminals if t.name == name)
    assert pattern.type == "re" and not pattern.flags
    regexes = vocabulary().comparison_regex.get(name, ())
    assert pattern.value.startswith("|".join(regexes) + "|" if regexes else "")
    words = pattern.value[len("|".join(regexes)) + bool(regexes):].split("|")
    assert words == [re.escape(w) for w in sorted(set(vocabulary().comparison[name]), key=lambda w: (-len(w), w))]
    assert len(vocabulary().comparison[name]) == len(set(vocabulary().comparison[name]))
    for word in vocabulary().comparison[name]:
        assert [(t.type, str(t)) for t in tokenizer().tokens(word)] == [(name, word)], word


def test_every_generated_terminal_is_a_placeholder_of_the_grammar():
    """Each terminal the vocabulary generates is /{vocabulary}/ in target.lark, and back."""
    text = grammar_text("target.lark")
    placeholders = set(re.findall(rf"^([A-Z_]+)(?:\.\d+)?:\s*/{re.escape(GENERATED)}/\s*$", text, re.M))
    assert placeholders == set(vocabulary().patterns()) == {"UNIT", "PCT", "MAG", *COMPARISON}


def test_the_magnitude_terminal_lists_the_magnitudes():
    """MAG is generated from [magnitudes] (longest first) and reads every magnitude word, and
    k only after a digit."""
    from indicator_dsl.target.vocabulary import THOUSAND_K, terminal_regex

    v = vocabulary()
    assert v.patterns()["MAG"] == terminal_regex(v.magnitudes) + "|" + THOUSAND_K
    for word in v.magnitudes:
        kinds = [t.type for t in tokenizer().tokens("5" + word)]
        assert kinds == ["NUMBER", "MAG"], word
    assert [t.type for t in tokenizer().tokens("5k")] == ["NUMBER", "MAG"]


def test_docs_list_every_comparison_word():
    """docs/syntax.md lists every word of the operator terminals with its terminal."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "syntax.md").read_text(encoding="utf-8")
    listed = {(w.split(" (")[0], t) for ws, t in re.findall(r"^\| ([^|`]+) \| `([A-Z_]+)` \|", doc, re.M) for w in ws.split(", ")}
    words = {(w, n) for n, ws in vocabulary().comparison.items() if n.startswith(("OP_", "POST_")) or n in ("REACH", "CONTROL")
             for w in ws}
    assert words - listed == set()
    assert ("过", "OP_GT") in listed


@pytest.mark.parametrize("text, kind", [
    ("大于 或 等于", "OP_GE"), ("大于或者 等于", "OP_GE"), ("小于 或等于", "OP_LE"), ("过 5", "OP_GT"), ("过三", "OP_GT"),
])
def test_context_regexes_of_the_comparison_words(text, kind):
    """[comparison.regex]: 大于 或 等于 with spaces is one word; 过 is 超过 only before a number."""
    assert tokenizer().tokens(text)[0].type == kind
    assert "OP_GT" not in {t.type for t in tokenizer().tokens("通过5 经过5 过年")}


def test_a_generated_terminal_written_out_is_refused():
    """A UNIT terminal spelled out in the grammar would drift: building refuses it."""
    text = re.sub(r"^UNIT\.5:.*$", "UNIT.5: /元|人/", grammar_text("target.lark"), flags=re.M)
    with pytest.raises(lark.exceptions.GrammarError, match="generated from the vocabulary"):
        lark.Lark(text, parser="lalr", lexer="basic", start=["cell"], edit_terminals=fill_terminals)


@pytest.mark.parametrize("unit", VOCABULARY_WORDS)
def test_every_vocabulary_unit_is_in_the_unit_table(unit):
    """Every unit and spelling of the vocabulary is a unit of DEFAULT_UNITS after canonical_unit."""
    assert DEFAULT_UNITS.get(canonical_unit(unit)) is not None


# 5月 is May (a date), so 月 is tried after a number that cannot be a month
_AFTER_NUMBER = {"月": "500"}


@pytest.mark.parametrize("unit", VOCABULARY_WORDS)
def test_every_vocabulary_unit_reads_after_a_number(unit):
    """A number followed by any unit of the vocabulary reads as that number in that unit."""
    number = _AFTER_NUMBER.get(unit, "5")
    t = parse_target(number + unit)
    assert (t.value, t.unit) == (D(number), canonical_unit(unit))


@pytest.mark.parametrize("unit", VOCABULARY_WORDS)
def test_listed_units_are_exactly_those_read_as_one_unit_token(unit):
    """is_listed_unit(u) holds exactly when the tokenizer reads u alone as one UNIT or PCT token."""
    toks = [(t.type, str(t)) for t in tokenizer().tokens(unit)]
    one_token = len(toks) == 1 and toks[0][0] in ("UNIT", "PCT") and toks[0][1] == unit
    assert is_listed_unit(unit) == one_token, toks


@pytest.mark.parametrize("word", sorted({w for ws in vocabulary().comparison.values() for w in ws}))
def test_prose_stops_before_every_comparison_word(word, basic_lark):
    """WORD never runs into a comparison word of the vocabulary ({initials} holds its first
    character), so a new word needs no grammar edit."""
    terms = {t.name: re.compile(t.pattern.to_regexp()) for t in basic_lark.terminals}
    assert not terms["WORD"].fullmatch(word[0]) and terms["CHAR"].fullmatch(word[0])


@pytest.mark.parametrize("unit", sorted(LISTED_UNITS))
def test_prose_stops_before_every_listed_unit(unit, basic_lark):
    """WORD never runs into a listed unit (its first character is one WORD excludes and
    CHAR holds), so 项目 before 10人 cannot swallow the unit: add a new unit's first
    character to both terminals in target.lark."""
    terms = {t.name: re.compile(t.pattern.to_regexp()) for t in basic_lark.terminals}
    first = unit[0]
    assert not terms["WORD"].fullmatch(first), f"WORD may contain {first!r}"
    assert unit in ("%", "‰") or terms["CHAR"].fullmatch(first), f"CHAR lacks {first!r}"
    assert [t.type for t in tokenizer().tokens("项目" + unit)][-1] in ("UNIT", "PCT")


def test_percent_spellings_are_one_unit():
    """百分比 and ％ are written % and the PCT terminal's units are in the table."""
    assert canonical_unit("百分比") == canonical_unit("％") == "%"
    assert DEFAULT_UNITS.get("%") is not None and DEFAULT_UNITS.get("‰") is not None


def test_token_classes_name_terminals_of_the_grammar():
    """Every set of indicator_dsl.target.tokens (and each label's token types) names terminals of target.lark."""
    from indicator_dsl.target import tokens
    from indicator_dsl.target.labels import LABEL_TOKENS

    names = {t.name for t in target_lark().terminals}
    classes = {n: v for n, v in vars(tokens).items() if isinstance(v, frozenset)}
    classes.update({f"LABEL_TOKENS[{k}]": v for k, v in LABEL_TOKENS.items()})
    assert len(classes) > 10
    assert {n: sorted(v - names) for n, v in classes.items() if v - names} == {}


@pytest.mark.parametrize("change, message", [
    (lambda d: d["units"]["money"].update({"万元": 10000}), "as a string"),
    (lambda d: d["units"]["money"].update({"万元": "lots"}), "not a decimal"),
    (lambda d: d["units"]["money"].update({"负元": "-1"}), "not a positive"),
    (lambda d: d["units"]["money"].pop("exact"), "exact = true"),
    (lambda d: d["units"]["items"].update({"元": "1"}), "both"),
    (lambda d: d["spellings"].update({"圆": "圆"}), "no such unit"),
    (lambda d: d["terminals"].update({"PCT": ["%", "‱"]}), "not a unit"),
    (lambda d: d.update({"words": {}}), "unknown section"),
    (lambda d: d["comparison"].update({"op_ge": ["够"]}), "not the name"),
    (lambda d: d["comparison"].update({"OP_GE": "不少于"}), "list of words"),
    (lambda d: d["comparison"]["OP_LT"].append("不少于"), "both OP_GE and OP_LT"),
    (lambda d: d["comparison"]["regex"].update({"OP_NE": ["不等于"]}), "no such terminal"),
    (lambda d: d["comparison"]["regex"].update({"OP_LT": ["(不满"]}), "not a regex"),
])
def test_a_mistake_in_the_vocabulary_file_is_named(change, message):
    """vocabulary.toml is checked when read: a mistake names the file and the entry."""
    import copy
    import tomllib
    from importlib import resources

    from indicator_dsl.target.vocabulary import VocabularyError, parse_vocabulary

    data = tomllib.loads(resources.files("indicator_dsl.target").joinpath("vocabulary.toml").read_text(encoding="utf-8"))
    assert parse_vocabulary(data) == vocabulary()
    data = copy.deepcopy(data)
    change(data)
    with pytest.raises(VocabularyError, match=message):
        parse_vocabulary(data)
