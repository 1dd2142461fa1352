"""Properties of the spec language: generated models format and read back equal."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_strategies import spec_files, texts

from indicator_dsl.spec.format import canonical_target, format_spec
from indicator_dsl.spec.lines import escape, unescape
from indicator_dsl.spec.model import SpecFile
from indicator_dsl.spec.read import read_spec


def _canonical(spec: SpecFile) -> SpecFile:
    """``spec`` with every target as fmt writes it (canonical text where nothing is lost)."""
    def ind(i):
        return attrs.evolve(i, target=None if i.target is None else canonical_target(i.target, spec.year))
    return attrs.evolve(spec, levels=tuple(
        attrs.evolve(l1, groups=tuple(attrs.evolve(l2, indicators=tuple(ind(i) for i in l2.indicators)) for l2 in l1.groups))
        for l1 in spec.levels))


# whole files are big examples: fewer of them keep the suite fast
FILES = settings(max_examples=50)


@FILES
@given(spec_files())
def test_format_then_read_gives_the_model(spec):
    """format_spec(m) reads back, without a diagnostic, as m (targets in their canonical text)."""
    text = format_spec(spec)
    read = read_spec(text)
    assert read.diagnostics == (), (text, read.diagnostics)
    assert read.spec == _canonical(spec), text


@FILES
@given(spec_files())
def test_format_is_idempotent(spec):
    """Formatting a formatted file changes nothing."""
    text = format_spec(spec)
    assert format_spec(read_spec(text).spec) == text


@given(texts)
def test_escape_round_trip(text):
    """Any text escaped as a spec writes it reads back as itself."""
    assert unescape(escape(text), 0).text == text


@given(st.text(alphabet="ab |#\\", max_size=10))
def test_escape_then_read_in_a_line(text):
    """An escaped name on an indicator line reads back as the name (text is stripped)."""
    name = text.strip(" ") or "x"
    spec = read_spec(f"一级 a\n二级 b\n三级 {escape(name)} | =1次\n").spec
    assert spec.levels[0].groups[0].indicators[0].name == name


SPEC_ALPHABET = "名称年度一级二级三级参考值项目资金总分分值得分实际说明方向正反向|#:：=\\ -≥%0123456789万元次满意提升"


@settings(max_examples=50)
@given(st.lists(st.text(alphabet=SPEC_ALPHABET, max_size=30), max_size=6).map("\n".join))
def test_reading_never_raises(text):
    """Any text reads to a model and diagnostics inside the text; the linter never raises either."""
    from indicator_dsl.spec.lint import check_text

    read = read_spec(text)
    for d in check_text(text):
        assert 0 <= d.start <= d.end <= len(text)
        assert 1 <= d.line <= text.count("\n") + 1
    assert isinstance(read.spec, SpecFile)
