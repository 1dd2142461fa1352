"""indicator_dsl.frame: the DataFrame path gives batch's answers, in pandas and under Dask.

The Dask test runs a real local cluster (two worker processes) over 100,000 unique rows
(benchmarks/unique_rows.py: every target and actual different) and checks that every
row's ``result`` is the JSON line ``batch`` prints for it.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from indicator_dsl.evaluation.batch import run_batch
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.frame import RESULT_COLUMNS, evaluate_batches, evaluate_frame, result_meta

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("unique_rows", ROOT / "benchmarks" / "unique_rows.py")
unique_rows = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
_spec.loader.exec_module(unique_rows)


def _batch_lines(rows: list[dict], **options) -> list[str]:
    out = io.StringIO()
    run_batch((json.dumps(r, ensure_ascii=False) for r in rows), out, **options)
    return out.getvalue().splitlines()


def test_frame_results_are_batch_lines():
    """Every row's ``result`` is the line batch prints for it, in order, on the corpus rows."""
    rows = unique_rows.corpus_rows()
    frame = evaluate_frame(pd.DataFrame(rows))
    assert list(frame.columns) == list(RESULT_COLUMNS)
    assert frame["result"].tolist() == _batch_lines(rows)
    first = json.loads(frame.loc[0, "result"])
    assert frame.loc[0, "verdict"] == first["outcome"]["verdict"]
    assert frame.loc[0, "score"] == first["outcome"]["score"]


def test_frame_keeps_the_index_and_passes_options():
    """The result keeps the partition's index; policy and language reach every row."""
    df = pd.DataFrame({"target": ["≥600.00(场)"], "actual": ["295.00(场)"], "weight": ["10"]}, index=[41])
    strict = ScoringPolicy.default().evolve(partial_credit="none")
    out = evaluate_frame(df, policy=strict, lang="zh")
    assert out.index.tolist() == [41]
    assert out.loc[41, "score"] == "0" and "不计部分分" in out.loc[41, "reason"]


def test_missing_cells_and_floats_are_row_problems():
    """A missing actual is absent (target only); a float weight is that row's error, not a crash."""
    df = pd.DataFrame({"id": ["a", "b"], "target": ["≥90%", "≥90%"], "actual": [None, "95%"], "weight": [None, 1.5]})
    out = evaluate_frame(df)
    assert out.loc[0, "target_canonical"] == ">= 90 %" and out.loc[0, "verdict"] is None and out.loc[0, "error"] is None
    assert out.loc[1, "error"] == "float-number"


def test_spark_shape():
    """evaluate_batches maps an iterator of frames to an iterator of result frames (mapInPandas)."""
    rows = unique_rows.corpus_rows()[:10]
    parts = [pd.DataFrame(rows[:4]), pd.DataFrame(rows[4:])]
    got = pd.concat(list(evaluate_batches(iter(parts))))
    assert got["result"].tolist() == _batch_lines(rows)
    assert list(result_meta().columns) == list(RESULT_COLUMNS)


_DASK_RUN = """
import json, sys
import dask.dataframe as dd
import pandas as pd
from dask import distributed
from indicator_dsl.frame import evaluate_frame, result_meta

rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, distributed.Client(cluster):
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=16)
    got = ddf.map_partitions(evaluate_frame, meta=result_meta()).compute()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in got["result"]:
        out.write(line + "\\n")
"""


def test_dask_local_cluster_equals_batch(tmp_path):
    """Under dask.distributed with two local workers, 100,000 unique rows give batch's answers.

    The cluster runs in a child process: dask.distributed changes how the whole process
    pickles exceptions (tblib), which must not leak into the other tests.
    """
    rows = list(unique_rows.unique_rows(100_000))
    src, dst = tmp_path / "rows.jsonl", tmp_path / "results.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _DASK_RUN, str(src), str(dst)], capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = dst.read_text(encoding="utf-8").splitlines()
    assert len(got) == len(rows)
    assert got == _batch_lines(rows)
