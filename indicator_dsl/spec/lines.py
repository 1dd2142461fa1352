"""One line of a spec file: the Lark parse (grammars/spec.lark) and what it says.

A line is parsed on its own (the grammar's ``start`` is one line), so a bad line
never hides the lines after it.  The parse tree is turned at once into a
:class:`Line` (kind, keyword, values with their spans, comment); nothing outside this
module sees a ``lark.Tree``.  Errors become :class:`LineError` with a label chosen by
example (``match_examples``) and a span within the line.

A :class:`LineError` is the parser's own result, like the target parser's
``PhraseError``: offsets into one line and the label that picks its message and fix.
It does not leave the reading of a file: :meth:`LineError.diagnostic` makes it the
E100 :class:`~indicator_dsl.diagnostics.Diagnostic` at the line's place in the file.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs
import lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from indicator_dsl.diagnostics import ERROR, Diagnostic
from indicator_dsl.messages import N_, comma_words, msg
from indicator_dsl.target.grammar import grammar_text

__all__ = ["Line", "Value", "LineError", "SYNTAX_FIXES", "parse_line", "unescape", "escape", "unquote", "reference_name",
           "HEADER_KEYS", "FIELD_KEYS", "KEY_WORDS"]


@functools.cache
def spec_lark(strict: bool | None = None) -> lark.Lark:
    """The LALR parser of grammars/spec.lark.

    Strict (no conflicts, no terminal collisions) where interegular is installed, as
    it is for development and CI (tests/test_spec_grammar.py builds it so); the
    grammar is the same either way.
    """
    if strict is None:
        try:
            import interegular  # noqa: F401
        except ImportError:  # pragma: no cover - a plain install
            strict = False
        else:
            strict = True
    return lark.Lark(grammar_text("spec.lark"), parser="lalr", lexer="contextual", strict=strict,
                     propagate_positions=True, maybe_placeholders=False)


HEADER_KEYS = {
    "项目名称": "name", "名称": "name", "project": "name", "name": "name",
    "年度": "year", "year": "year", "主管部门": "department", "department": "department",
    "实施单位": "unit", "unit": "unit", "类型": "kind", "kind": "kind",
}
FIELD_KEYS = {
    "年初预算数": "initial", "initial": "initial", "全年预算数": "full", "full": "full",
    "全年执行数": "executed", "executed": "executed", "执行率": "rate", "rate": "rate",
    "评分等级": "grade", "等级": "grade", "grade": "grade", "分值": "weight", "weight": "weight",
    "得分": "score", "score": "score", "实际完成值": "actual", "实际": "actual", "actual": "actual",
    "说明": "note", "note": "note", "方向": "direction", "direction": "direction",
    "项目资金总额": "project_total", "project_total": "project_total", "财政拨款": "fiscal", "fiscal": "fiscal",
    "其他资金": "other", "other": "other",
}
# the canonical (Chinese) keyword of each field, as fmt writes it
KEY_WORDS = {
    "name": "名称", "year": "年度", "department": "主管部门", "unit": "实施单位", "kind": "类型",
    "initial": "年初预算数", "full": "全年预算数", "executed": "全年执行数", "rate": "执行率",
    "grade": "评分等级", "weight": "分值", "score": "得分", "actual": "实际", "note": "说明",
    "direction": "方向", "project_total": "项目资金总额", "fiscal": "财政拨款", "other": "其他资金",
}


@attrs.frozen(slots=True)
class Value:
    """A piece of a line: its text (escapes undone) and its span in the line."""

    text: str
    start: int
    end: int
    offsets: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False)  # line offset of each char

    def offset(self, i: int) -> int:
        """Line offset of character ``i`` of ``text`` (``len(text)`` maps to the end)."""
        if i >= len(self.text):
            return self.end
        return self.offsets[i] if self.offsets else self.start + i


@attrs.frozen(slots=True)
class Line:
    """What one line says.

    ``kind``: header, reference, budget, field, total, level1, level2, indicator or
    comment.  ``key`` is the field named by the keyword (header and field lines);
    ``values`` the texts (name and target of an indicator; the reference's name and
    number); ``attrs`` the labelled fields of an indicator (field, keyword, value).
    """

    kind: str
    keyword: Value | None = None
    key: str | None = None
    values: tuple[Value | None, ...] = ()
    attrs: tuple[tuple[str, Value, Value], ...] = ()
    comment: str | None = None
    has_target: bool = False   # an indicator line with a "|" after the name
    start: int = 0
    end: int = 0


@attrs.frozen(slots=True)
class LineError:
    """A line that does not parse: where (offsets in the line), what, and the label (``problem``
    and ``expected`` are marked messages: their Chinese is in the catalog)."""

    start: int
    end: int
    problem: str
    expected: tuple[str, ...]
    label: str

    def diagnostic(self, text: str, base: int, source: str | None = None) -> Diagnostic:
        """The E100 diagnostic of this error in ``text`` (the file), the line starting at offset ``base``.

        >>> e = parse_line("三级 a | b | 5")
        >>> str(e.diagnostic("名称：x\\n三级 a | b | 5", 5, "x.ind"))
        'x.ind:2:12: E100 a field after the target has no label: expected 分值, 得分, 实际, 说明 or 方向 before its value'
        """
        message = msg(self.problem)
        if self.expected:
            message = msg(N_("{message}: expected {expected}"), message=message,
                          expected=comma_words(msg(x) for x in self.expected))
        fix = msg(SYNTAX_FIXES.get(self.label, N_("see docs/spec-files.md for the form of each line")))
        return Diagnostic.at(text, base + self.start, base + max(self.end, self.start), ERROR, "E100", message, fix,
                             source)


# ------------------------------------------------------------------ escapes
_ESC = re.compile(r"\\([|#\\])")


def unescape(raw: str, start: int) -> Value:
    """The text of a TEXT token (``\\|`` ``\\#`` ``\\\\`` undone) with each character's offset."""
    if "\\" not in raw:
        return Value(raw, start, start + len(raw))
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw) and raw[i + 1] in "|#\\":
            out.append(raw[i + 1])
            offsets.append(start + i)
            i += 2
        else:
            out.append(raw[i])
            offsets.append(start + i)
            i += 1
    return Value("".join(out), start, start + len(raw), tuple(offsets))


_SPACES = " \t\u3000"


def escape(text: str) -> str:
    """Text as it must be written in a spec line so that it reads back as ``text``.

    >>> escape("a|b #c \\\\d")
    'a\\\\|b \\\\#c \\\\d'
    """
    out = []
    for i, c in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if c == "|":
            out.append("\\|")
        elif c == "#" and (i == 0 or text[i - 1] in _SPACES):
            out.append("\\#")
        elif c == "\\" and nxt in ("|", "#", "\\"):
            out.append("\\\\")
        else:
            out.append(c)
    return "".join(out)


# ------------------------------------------------------------------ reference names
# what NAME reads, not starting with a quote (the quoted form), and no "\r" (a line's last one is its end)
_BARE_NAME = re.compile(r'[^ \t\r\u3000=＝|#:：\\"][^ \t\r\u3000=＝|#:：\\]*')


def unquote(raw: str, start: int) -> Value:
    """The name a QUOTED_NAME token (``"a|b"``) holds: the text between the quotes, ``\\"`` a
    quote and ``\\\\`` a backslash (any other backslash is itself), with each character's offset."""
    out: list[str] = []
    offsets: list[int] = []
    i, end = 1, len(raw) - 1
    while i < end:
        offsets.append(start + i)
        if raw[i] == "\\" and i + 1 < end and raw[i + 1] in '"\\':
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return Value("".join(out), start, start + len(raw), tuple(offsets))


def reference_name(name: str) -> str:
    """A reference name as a 参考值 line writes it: as it is when the bare form holds it, else in
    double quotes (``\\"`` for a quote, ``\\\\`` for a backslash), which hold any character but a
    line break.

    >>> reference_name("全国平均数"), reference_name("a|b #1")
    ('全国平均数', '"a|b #1"')
    >>> print(reference_name('"引号" a\\\\b'))
    "\\"引号\\" a\\\\b"
    """
    if _BARE_NAME.fullmatch(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------ errors by example
_EXAMPLES: dict[str, list[str]] = {
    "no-keyword": ["举办沙龙 | =6次", "产出指标", "x", "5"],
    "unlabelled-field": ["三级 a | b | 5", "三级 a | b | 分值 5 | 12场", "三级 a | b | | 分值 5", "三级 a | b | 分值：5 | 12场"],
    "missing-value": ["三级 a | b | 分值", "三级 a | b | 实际 # c", "三级 a | b | 分值：", "年度", "名称 ", "一级", "二级",
                      "三级", "分值", "三级 # x", "分值：", "项目资金 | x"],
    "bad-reference": ["参考值 全国平均数 = 八十五", "参考值 全国平均数 = 85%", "参考值 全国 平均数 = 85",
                      "参考值 a = ", "参考值", "参考值 a | b",
                      '参考值 "a"b = 85', '参考值 "a" "b"', '参考值 "a" = 八十五', '参考值 "a" = 85%', '参考值 "a" = ',
                      '参考值 "a" | b'],
    "text-after-total": ["总分 100", "总分 分值 100"],
}


def _with_colons(examples: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each example also with "：" after its first keyword (the parser is in other states then)."""
    out = {}
    for label, items in examples.items():
        more = []
        for s in items:
            m = re.match(r"^(三级|一级|二级|参考值|名称|年度) (.*)$", s)
            if m:
                more.append(f"{m.group(1)}：{m.group(2)}")
        out[label] = items + more
    return out


EXAMPLES = _with_colons(_EXAMPLES)

LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "no-keyword": (N_("a line must start with a keyword"),
                   (N_("名称, 年度, 主管部门, 实施单位, 类型, 参考值, 项目资金, 一级, 二级, 三级, 总分 or a field of a block (分值, 得分 …)"),)),
    "unlabelled-field": (N_("a field after the target has no label"), (N_("分值, 得分, 实际, 说明 or 方向 before its value"),)),
    "missing-value": (N_("the value is missing"), (N_("text after the keyword"),)),
    "bad-reference": (N_("a reference is one name, then = and a number"), ("参考值：全国平均数 = 85",)),
    "text-after-total": (N_("总分 opens a block and takes nothing after it"), (N_("分值, 得分 and 评分等级 on the lines below"),)),
}

SYNTAX_FIXES = {
    "no-keyword": N_("an indicator line starts with 三级: 三级 名称 | 目标 | 分值 5"),
    "unlabelled-field": N_("label each field after the target: | 分值 5 | 实际 … | 得分 5"),
    "missing-value": N_("write the value after the keyword, or delete the line"),
    "bad-reference": N_("write 参考值：名称 = 数值, e.g. 参考值：全国平均数 = 85 (the value may be left out)"),
    "text-after-total": N_("write 总分 alone, then 分值 100 and 得分 … on the lines below"),
}

# the grammar's terminals in plain words (marked messages; those the same in every language are not marked)
_WORDS = {
    "HEADER_KW": N_("a header keyword"), "REF_KW": "参考值", "BUDGET_KW": "项目资金", "TOTAL_KW": "总分",
    "LEVEL1_KW": "一级", "LEVEL2_KW": "二级", "LEVEL3_KW": "三级", "KEY": N_("a field label (分值, 得分 …)"),
    "TEXT": N_("text"), "NAME": N_("a name"), "QUOTED_NAME": N_("a name"), "NUMBER": N_("a number"), "_BAR": "'|'", "_EQ": "'='",
    "COMMENT": N_("a comment"), "$END": N_("the end of the line"), "_COLON": "':'",
}


def _expected(names: Any) -> tuple[str, ...]:
    words = [_WORDS[n] for n in sorted(names or ()) if n in _WORDS and n not in ("COMMENT", "_COLON")]
    return tuple(dict.fromkeys(words))


def _error(line: str, err: UnexpectedInput) -> LineError:
    if isinstance(err, UnexpectedToken) and err.token.type != "$END":
        start = err.token.start_pos or 0
        end = err.token.end_pos or start + 1
    elif isinstance(err, UnexpectedCharacters):
        start = err.pos_in_stream or 0
        m = re.compile(r"[^ \t\u3000|]+").match(line, start)
        end = m.end() if m else start + 1
    else:  # the end of the line
        start = end = len(line.rstrip(_SPACES))
    label = err.match_examples(spec_lark().parse, EXAMPLES, use_accepts=True)
    if label is not None:
        problem, expected = LABELS[label]
    else:
        label = "unexpected"
        problem = N_("unexpected end of line") if start == end else N_("unexpected text")
        accepts = getattr(err, "accepts", None) or getattr(err, "allowed", None) or getattr(err, "expected", None)
        expected = _expected(accepts)
    return LineError(start, max(end, start), problem, expected, label)


# ------------------------------------------------------------------ tree -> Line
_Node = lark.Tree[lark.Token] | lark.Token


def _rule(node: _Node) -> lark.Tree[lark.Token]:
    """``node`` as the rule spec.lark puts at this place."""
    if not isinstance(node, lark.Tree):
        raise TypeError(f"spec.lark: a rule expected, not the token {node!r}")
    return node


def _plain(t: _Node) -> Value:
    """A token as it stands, with its span (the lexer sets both ends)."""
    if not isinstance(t, lark.Token) or t.start_pos is None or t.end_pos is None:
        raise TypeError(f"spec.lark: a token with its place expected, not {t!r}")
    return Value(str(t), t.start_pos, t.end_pos)


def _tok(t: _Node) -> Value:
    v = _plain(t)
    kind = t.type if isinstance(t, lark.Token) else None
    return unescape(v.text, v.start) if kind == "TEXT" else unquote(v.text, v.start) if kind == "QUOTED_NAME" else v


def parse_line(line: str) -> Line | LineError | None:
    """What ``line`` says; None for a blank line."""
    if not line.strip(_SPACES):
        return None
    try:
        tree = spec_lark().parse(line)
    except UnexpectedInput as err:
        return _error(line, err)
    node = _rule(tree.children[0])
    comment = None
    content = None
    for child in node.children:
        if isinstance(child, lark.Token) and child.type == "COMMENT":
            comment = str(child).rstrip(_SPACES)
        else:
            content = _rule(child)
    if content is None:
        return Line("comment", comment=comment, start=0, end=len(line))
    kids = content.children
    kind = str(content.data)
    kw = _plain(kids[0]) if kids and isinstance(kids[0], lark.Token) else None
    start, end = content.meta.start_pos, content.meta.end_pos
    if kind == "header":
        return Line(kind, kw, HEADER_KEYS[str(kids[0])], (_tok(kids[1]),), comment=comment, start=start, end=end)
    if kind == "field":
        return Line(kind, kw, FIELD_KEYS[str(kids[0])], (_tok(kids[1]),), comment=comment, start=start, end=end)
    if kind in ("level1", "level2", "reference"):
        return Line(kind, kw, None, tuple(_tok(k) for k in kids[1:]), comment=comment, start=start, end=end)
    if kind == "budget":
        return Line(kind, kw, None, tuple(_tok(k) for k in kids[1:]), comment=comment, start=start, end=end)
    if kind == "total":
        return Line(kind, kw, comment=comment, start=start, end=end)
    # indicator: keyword, name, then target and attrs
    name = _tok(kids[1])
    target: Value | None = None
    has_target = False
    fields = []
    for k in map(_rule, kids[2:]):
        if k.data == "target":
            has_target = True
            if k.children:
                target = _tok(k.children[0])
        else:
            key, val = k.children
            fields.append((FIELD_KEYS[str(key)], _plain(key), _tok(val)))
    return Line("indicator", kw, None, (name, target), tuple(fields), comment, has_target, start, end)
