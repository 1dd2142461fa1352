"""Columns in, columns out: evaluate a pandas DataFrame of rows, for Dask and Spark.

One function, :func:`evaluate_frame`, turns a DataFrame with the row fields of
``indicator-dsl batch`` (``id``, ``target``, ``actual``, ``weight``, ``year``) into a
DataFrame of results: the ``result`` column holds exactly the JSON line ``batch``
prints for the row, and the other columns unpack what a query wants most often
(``verdict``, ``score``, ``ratio``, ``flags``, ``reason``, ``rule``, ``target_kind``,
``target_canonical``, ``error``, ``warnings``).  Every number stays an exact decimal string.

Because it maps a partition to a partition and keeps no state between calls, the
same function runs unchanged under Dask (``ddf.map_partitions(evaluate_frame,
meta=RESULT_META)``) and, through :func:`evaluate_batches`, under Spark
(``sdf.mapInPandas(evaluate_batches, schema=SPARK_SCHEMA)``); docs/scale.md shows both.
pandas is needed only here (``pip install indicator-dsl[frame]``).

>>> import pandas as pd
>>> df = pd.DataFrame({"id": ["r1", "r2"], "target": ["≥600.00(场)", "≥9O%"],
...                    "actual": ["295.00(场)", "90%"], "weight": ["10", "5"]})
>>> out = evaluate_frame(df)
>>> out[["id", "verdict", "score", "target_canonical"]].values.tolist()
[['r1', 'partial', '4.92', '>= 600 场'], ['r2', 'undetermined', None, '≥9O%']]
>>> out.loc[1, "warnings"]
'letter-in-number'
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from indicator_dsl.evaluation.batch import handle_row
from indicator_dsl.evaluation.policy import ScoringPolicy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["evaluate_frame", "evaluate_batches", "RESULT_COLUMNS", "result_meta", "SPARK_SCHEMA"]

ROW_FIELDS = ("id", "target", "actual", "weight", "year", "references")
RESULT_COLUMNS = ("id", "verdict", "score", "ratio", "flags", "reason", "rule", "target_kind",
                  "target_canonical", "error", "warnings", "result")
# the result columns as a Spark DDL schema (every value a string: exact decimals stay exact)
SPARK_SCHEMA = ", ".join(f"{c} string" for c in RESULT_COLUMNS)

_DEFAULT = ScoringPolicy.default()


def _cell(value: Any) -> Any:
    """A DataFrame cell as batch reads a JSON value: missing (None/NaN/NA) is absent."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists, dicts: not scalars
        pass
    if isinstance(value, float):
        raise TypeError("numbers in a frame must be exact: give weights and years as strings or integers, "
                        f"not the float {value!r}")
    return value


def _row(record: Mapping[Any, Any]) -> dict[str, Any]:
    row = {k: _cell(record[k]) for k in ROW_FIELDS if k in record}
    if isinstance(row.get("year"), (int, Decimal)):
        row["year"] = str(row["year"])
    return {k: v for k, v in row.items() if v is not None}


def _unpack(result: dict[str, Any]) -> dict[str, Any]:
    outcome = result.get("outcome") or {}
    target = result.get("target") or {}
    error = result.get("error")
    rule = outcome.get("rule")
    return {
        "id": None if result.get("id") is None else str(result["id"]),
        "verdict": outcome.get("verdict"),
        "score": outcome.get("score"),
        "ratio": outcome.get("ratio"),
        "flags": ",".join(outcome.get("flags") or ()) or None,
        "reason": outcome.get("reason"),
        "rule": None if rule is None else str(rule),
        "target_kind": target.get("kind"),
        "target_canonical": target.get("canonical"),
        "error": None if error is None else error.get("code"),
        "warnings": ",".join(str(w.get("code")) for w in result.get("warnings") or ()) or None,
        "result": json.dumps(result, ensure_ascii=False),
    }


def evaluate_frame(
    frame: pd.DataFrame,
    *,
    policy: ScoringPolicy = _DEFAULT,
    references: Mapping[str, Decimal] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Evaluate every row of ``frame``; the result has one row per input row, in order,
    with the columns of :data:`RESULT_COLUMNS` (strings or None).

    A row's problem is that row's ``error`` (its code; the whole object is in
    ``result``), never an exception that loses the partition.
    """
    import pandas as pd

    refs = dict(references or {})
    cache: dict[tuple[str, int | None], Any] = {}
    out = []
    for record in frame.to_dict("records"):
        try:
            row = _row(record)
        except TypeError as e:
            result = {"id": record.get("id"), "target": None, "actual": None, "outcome": None,
                      "error": {"field": "row", "message": str(e), "start": None, "end": None,
                                "code": "float-number", "severity": "error"}}
        else:
            result = handle_row(row, policy=policy, references=refs, lang=lang, cache=cache)
        out.append(_unpack(result))
    return pd.DataFrame(out, columns=list(RESULT_COLUMNS), index=frame.index, dtype=object)


def result_meta() -> pd.DataFrame:
    """An empty frame with the result columns: Dask's ``meta`` for :func:`evaluate_frame`."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype=object) for c in RESULT_COLUMNS})


def evaluate_batches(batches: Iterable[pd.DataFrame], **options: Any) -> Iterator[pd.DataFrame]:
    """Spark's ``mapInPandas`` shape: an iterator of frames in, an iterator of result frames out."""
    for frame in batches:
        yield evaluate_frame(frame, **options)
