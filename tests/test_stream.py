"""batch over a stream: answers as rows arrive (a co-process gets each answer before it
sends the next row), and every core with output identical to one process."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_dsl.evaluation.stream import default_jobs, run_stream

BIN = Path(sys.executable).parent / "indicator-dsl"
ROWS = [
    {"id": "r1", "target": "≥600.00(场)", "actual": "295.00(场)", "weight": "10"},
    {"id": "r2", "target": "≥9O%", "actual": "90%"},
    {"id": "r3", "target": "高于全国平均数", "actual": "90%", "weight": "10", "references": {"全国平均数": "85"}},
    {"id": "r4", "target": "9月前", "actual": "10月15日", "weight": "10", "year": "2023"},
]


def _read_line(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, f"no answer within {timeout} s"
    return proc.stdout.readline()


NL = b"\n"


def _read_lines(proc: subprocess.Popen[bytes], n: int, timeout: float) -> list[bytes]:
    """``n`` lines, read unbuffered (so that select sees every byte not yet read)."""
    assert proc.stdout is not None
    fd, data = proc.stdout.fileno(), b""
    while data.count(NL) < n:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"{data.count(NL)} answers of {n} within {timeout} s"
        chunk = os.read(fd, 1 << 16)
        assert chunk, "batch ended early"
        data += chunk
    lines = data.split(NL)
    assert len(lines) == n + 1 and lines[-1] == b"", "more answers than rows"
    return lines[:n]


def test_co_process_gets_each_answer_before_sending_the_next_row():
    """Write one row, read its answer, repeat: batch never waits for more input to answer."""
    proc = subprocess.Popen([str(BIN), "batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    try:
        for row in ROWS * 3:
            proc.stdin.write((json.dumps(row, ensure_ascii=False) + "\n").encode())
            proc.stdin.flush()
            answer = json.loads(_read_line(proc, 30))
            assert answer["id"] == row["id"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_co_process_with_jobs_answers_each_row_too():
    """With several jobs a single row is still answered at once (workers start only for bulk input)."""
    proc = subprocess.Popen([str(BIN), "batch", "--jobs", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    try:
        for row in ROWS:
            proc.stdin.write((json.dumps(row, ensure_ascii=False) + "\n").encode())
            proc.stdin.flush()
            assert json.loads(_read_line(proc, 30))["id"] == row["id"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_co_process_sending_rows_in_bulk_gets_every_answer_before_sending_more():
    """With --jobs 2, a burst of rows goes to the workers; once the pipe is empty every answer is
    written (batch never waits for input with answers held back), and a later row is answered too."""
    proc = subprocess.Popen([str(BIN), "batch", "--jobs", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None
    burst = [dict(r, id=f"{r['id']}-{n}") for n in range(100) for r in ROWS]
    try:
        proc.stdin.write(b"".join((json.dumps(r, ensure_ascii=False) + "\n").encode() for r in burst))
        proc.stdin.flush()
        assert [json.loads(line)["id"] for line in _read_lines(proc, len(burst), 60)] == [r["id"] for r in burst]
        proc.stdin.write((json.dumps(ROWS[0], ensure_ascii=False) + "\n").encode())
        proc.stdin.flush()
        assert json.loads(_read_lines(proc, 1, 30)[0])["id"] == ROWS[0]["id"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_lines_cross_blocks_and_bad_bytes_are_that_lines_error():
    """A line longer than a read block arrives whole; a line that is not UTF-8 is that line's
    error, never echoed; with one job and with two the answers are the same."""
    long_row = json.dumps({"id": "long", "target": "≥90%", "actual": "中" * 40000}, ensure_ascii=False)
    data = (long_row + "\n").encode() + b'{"id": "bad", "target": "\xff"}\n' + b'{"id": "last", "target": "1-2\xe5\x9c\xba"}'
    for jobs in (1, 2):
        out = io.StringIO()
        status = run_stream(io.BytesIO(data), out, jobs=jobs)
        answers = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [a["id"] for a in answers] == ["long", None, "last"]
        assert answers[1]["error"]["code"] == "not-utf8" and "\ufffd" not in out.getvalue()
        assert status == 2


def test_default_jobs_is_the_cores():
    assert default_jobs() >= 1
    assert default_jobs() <= (os.cpu_count() or 1)


def _run(lines: list[str], jobs: int, chunk: int = 512) -> tuple[str, int]:
    out = io.StringIO()
    status = run_stream(io.BytesIO("\n".join(lines).encode("utf-8", "surrogatepass")), out, jobs=jobs, chunk=chunk)
    return out.getvalue(), status


_row = st.fixed_dictionaries({
    "id": st.integers(0, 10**6),
    "target": st.sampled_from(["≥90%", "1-2场", "约600人", "=6次", "≥9O%", "良好", "9月前", "按季度完成", "高于全国平均数"]),
}, optional={
    "actual": st.sampled_from(["95%", "实际举办12场", "有待完善", "", "10月15日", "已完成"]),
    "weight": st.sampled_from(["10", "5", "ten", "-1"]),
    "year": st.sampled_from(["2023", "twenty"]),
})
_line = st.one_of(_row.map(lambda r: json.dumps(r, ensure_ascii=False)), st.sampled_from(["", "not json", "[1, 2]", "{}"]))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, min_size=0, max_size=120), st.integers(1, 64))
def test_jobs_output_equals_one_process(lines, chunk):
    """For any input, --jobs 2 prints exactly what --jobs 1 prints, in order, with the same status."""
    assert _run(lines, 2, chunk) == _run(lines, 1)


def test_jobs_on_bulk_input_uses_workers_and_keeps_order():
    """Bulk input (more than a chunk at once) is answered by the workers, in input order."""
    lines = [json.dumps({"id": i, "target": f">={i}次", "actual": f"{i}次", "weight": "1"}) for i in range(3000)]
    text, status = _run(lines, 2, chunk=100)
    ids = [json.loads(line)["id"] for line in text.splitlines()]
    assert ids == list(range(3000)) and status == 0


def test_score_and_audit_with_jobs_print_what_one_process_prints(capsys):
    """score/audit --jobs 2 (worker processes from 16 tables on) print exactly what --jobs 1 prints."""
    from indicator_dsl.cli import main

    root = Path(__file__).resolve().parent.parent
    paths = [str(root / "tests" / "fixtures" / "tables"), str(root / "specs")]
    for command in (["score", "--quiet"], ["audit", "--quiet"], ["audit", "--json", "--quiet"]):
        outputs = []
        for jobs in ("1", "2"):
            status = main([*command, "--jobs", jobs, *paths])
            outputs.append((status, capsys.readouterr().out))
        assert outputs[0] == outputs[1] and outputs[0][1]
