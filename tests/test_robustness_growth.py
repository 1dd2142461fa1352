"""Issue 13: every reader of a cell takes time linear in its length.

The phrase scanner was quadratic (1 MB of prose: 434 s): it copied the token list for
every phrase start, searched every separator for every phrase, and read the whole clause
before every figure again.  The growth test asserts a ratio (time per character bounded
as cells grow 24-fold; a test of 1 kB against 1 MB is left to benchmarks/), never a wall-clock figure, except a generous bound on a 1 MB cell.
"""

from __future__ import annotations

import gc
import time

import pytest

from indicator_dsl import find_ranges, parse_target, read_actual
from indicator_dsl.limits import Limits

BIG = Limits(cell_chars=2_000_000)  # beyond the default limit (65,536): the readers themselves are measured

TEXTS = {
    "dense": "本项目完成培训不少于10场，覆盖率达到95%以上，群众满意度较高。",
    "prose": "通过项目实施，进一步提升了科技服务能力和水平，推动区域创新体系建设，群众满意度较高。全年举办活动12场。",
    "one clause": "完成培训10场覆盖率95%满意度较高",
}


def _per_char(f, base: str, n: int) -> float:
    text = (base * (n // len(base) + 1))[:n]
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3 if n < 10_000 else 2):  # the fastest of a few runs: less noise from a busy machine
            t = time.perf_counter()
            f(text)
            best = min(best, time.perf_counter() - t)
    finally:
        gc.enable()
    return best / n


@pytest.mark.parametrize("name", list(TEXTS))
@pytest.mark.parametrize("f", [parse_target, find_ranges, read_actual], ids=lambda f: f.__name__)
def test_time_per_character_is_bounded_as_cells_grow(f, name):
    parse_target("≥90%")  # the grammar is built once, outside the measurement
    small = _per_char(lambda t: f(t, limits=BIG), TEXTS[name], 2_000)
    large = _per_char(lambda t: f(t, limits=BIG), TEXTS[name], 48_000)
    # linear: about the same time per character (a quadratic reader is 24 times slower per character)
    assert large < 5 * small, (small, large)


DENIALS = {
    # denials and deviations, each narrowed or not by the words of its clause (个别, 1-2期, 3项)
    "denials": "部分项目未完成，取消2场，1-2期未能开展，有2人不符合要求，3项未完成，存在18岁以下。",
    "one clause of denials": "部分未完成取消2场1-2期未能开展有2人不符合3项未完成",
}


@pytest.mark.parametrize("name", list(DENIALS))
@pytest.mark.parametrize("target", ["=5项", "18-54周岁", "按时完成"])
def test_denials_are_read_in_linear_time(name, target):
    # each denial looks at its clause (at most CLAUSE_WINDOW characters each way) and finds the
    # figures of its clause by halving: looking back to the clause's start, or at every figure,
    # for every denial was quadratic (40,000 characters of 部分未完成: 15 s)
    t = parse_target(target)
    small = _per_char(lambda x: read_actual(x, t, limits=BIG), DENIALS[name], 2_000)
    large = _per_char(lambda x: read_actual(x, t, limits=BIG), DENIALS[name], 48_000)
    assert large < 5 * small, (small, large)


def test_a_one_megabyte_cell_is_answered():
    text = (TEXTS["prose"] * 20_000)[: 1_030_000 // 3]  # 1 MB of UTF-8
    assert len(text.encode("utf-8")) >= 1_000_000
    t = time.perf_counter()
    target = parse_target(text, limits=BIG)
    found = find_ranges(text, limits=BIG)
    elapsed = time.perf_counter() - t
    assert target is not None and isinstance(found, list)
    assert elapsed < 30, elapsed  # about 2 s each on an idle machine; quadratic was hundreds of seconds


def _batch_per_char(base: str, n: int, field: str) -> float:
    import io
    import json

    from indicator_dsl.evaluation.batch import run_batch
    from indicator_dsl.evaluation.jsonlines import decode_lines

    text = (base * (n // len(base) + 1))[:n]
    row = {"id": "big", "target": "≥10场", "actual": "95%", field: text}
    data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    best = float("inf")
    for _ in range(2):
        out = io.StringIO()
        t = time.perf_counter()
        run_batch(decode_lines(io.BytesIO(data), BIG), out, limits=BIG, cache=False)
        best = min(best, time.perf_counter() - t)
        assert len(out.getvalue().splitlines()) == 1  # one line out for the line in
    return best / n


@pytest.mark.parametrize("field", ["target", "actual"])
def test_batch_time_per_character_is_bounded_as_cells_grow(field):
    """A row of batch, end to end (decoding the line, reading, scoring, writing the answer): linear."""
    _batch_per_char(TEXTS["prose"], 1_000, field)  # the grammar is built once, outside the measurement
    small = _batch_per_char(TEXTS["prose"], 10_000, field)
    large = _batch_per_char(TEXTS["prose"], 160_000, field)
    assert large < 5 * small, (small, large)


def test_a_one_megabyte_cell_in_batch_is_answered_at_once_under_the_default_limit():
    """Beyond the default cell limit a 1 MB cell is its row's error (too-long), answered at once."""
    import io
    import json

    from indicator_dsl.evaluation.batch import run_batch
    from indicator_dsl.evaluation.jsonlines import decode_lines

    row = {"id": "big", "target": (TEXTS["prose"] * 20_000)[:1_000_000], "actual": "95%", "weight": "5"}
    data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    out = io.StringIO()
    t = time.perf_counter()
    run_batch(decode_lines(io.BytesIO(data), Limits()), out, limits=Limits())
    elapsed = time.perf_counter() - t
    (answer,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert answer["id"] == "big" and answer["error"]["code"] == "too-long"
    assert elapsed < 2, elapsed
