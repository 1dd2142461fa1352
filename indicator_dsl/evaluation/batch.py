"""`indicator-dsl batch`: JSON Lines in, one JSON line out per row (interface.md).

Each row is handled on its own: a bad row gets an ``error`` object naming the field
and the character span, and the rest of the batch goes on.  Cells come from published
tables, so a target the strict language cannot read is read leniently (as far as it
can be, else as a qualitative target) and the row carries ``warnings`` with the strict
diagnostic; ``strict=True`` (``indicator-dsl batch --strict``) makes it an error.  The object is made from a
:class:`~indicator_dsl.diagnostics.Diagnostic` (:func:`error_json`): ``field``,
``message``, ``start``, ``end`` (offsets into that field's string, null without a
span), ``code`` and ``severity``.

>>> import json
>>> out = handle_row({"id": "r1", "target": "1-2场"})
>>> out["target"]["kind"], out["target"]["low"], out["error"]
('range', '1', None)
>>> out = handle_row({"id": "r2", "target": "≥9O%"})
>>> out["target"]["kind"], out["error"]
('qualitative', None)
>>> w = out["warnings"][0]
>>> w["field"], w["start"], w["end"], w["code"], w["severity"]
('target', 2, 3, 'letter-in-number', 'warning')
>>> e = handle_row({"id": "r2", "target": "≥9O%"}, strict=True)["error"]
>>> e["field"], e["start"], e["end"], e["code"], e["severity"]
('target', 2, 3, 'letter-in-number', 'error')
>>> handle_row({"id": "r3", "target": "≥600.00(场)", "actual": "295.00(场)", "weight": "10"})["outcome"]["score"]
'4.92'

``lang`` is the language of every human text (reasons, messages, fixes, what was
expected); codes and labels stay as they are:

>>> e = handle_row({"id": "r2", "target": "≥9O%"}, strict=True, lang="zh")["error"]
>>> e["code"], e["message"], e["expected"]
('letter-in-number', '数字中夹有字母（位置2-3：“O”），应为数字、单位或%', ['数字、单位或%'])
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any, Iterable

from indicator_dsl.diagnostics import ERROR, WARNING, Diagnostic
from indicator_dsl.errors import ActualSyntaxError, IndicatorError, InputError, TargetSyntaxError
from indicator_dsl.evaluation.jsonlines import LineProblem, after_id, dump_line, dump_line_as, load_line
from indicator_dsl.evaluation.outcome import evaluate
from indicator_dsl.evaluation.policy import ScoringPolicy
from indicator_dsl.evaluation.serialize import actual_to_json, outcome_to_json, target_to_json
from indicator_dsl.limits import DEFAULT_LIMITS, Limits, check_year
from indicator_dsl.messages import N_, Detail, Message, Translator, comma_words, msg, verbatim
from indicator_dsl.target.parse import parse_target, read_target

__all__ = ["handle_row", "run_batch", "error_json"]


def error_json(field: str, d: Diagnostic, lang: str | Translator = "en", **extra: Any) -> dict[str, Any]:
    """The ``error`` object of interface.md for a problem with input field ``field``; message and
    fix in ``lang`` (when the diagnostic keeps them as messages)."""
    d = d.in_lang(lang)
    return {"field": field, "message": d.message, "start": d.start, "end": d.end, "code": d.code,
            "severity": d.severity.value, **({"fix": d.fix} if d.fix else {}), **extra}


def _error(field: str, code: str, message: Message, start: int | None = None, end: int | None = None,
           lang: str | Translator = "en", **extra: Any) -> dict[str, Any]:
    return error_json(field, Diagnostic.of(severity=ERROR, code=code, message=message, start=start, end=end), lang,
                      **extra)


def _said(e: BaseException) -> Message:
    """What an exception says, as a message (an InputError's own; one raised with a Message)."""
    if isinstance(e, InputError):
        return e.problem_msg
    if e.args and isinstance(e.args[0], Message):
        return e.args[0]
    return verbatim(str(e))


def _year(row: dict[str, Any]) -> int | None:
    y = row.get("year")
    if y is None or y == "":
        return None
    text = str(y).strip() if isinstance(y, (str, int)) and not isinstance(y, bool) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        shown = repr(y) if len(repr(y)) <= 40 else repr(y)[:40] + "…"
        raise ValueError(msg(N_("year must be a year of four digits such as \"2023\", not {value}"), value=shown))
    try:
        return check_year(int(text))
    except InputError as e:
        raise ValueError(e.problem_msg) from None


# the fields of an input row (interface.md); any other is answered with a warning
ROW_FIELDS = ("id", "target", "actual", "weight", "year", "references")


def _field_warnings(row: dict[str, Any], lang: str = "en") -> list[dict[str, Any]]:
    """A warning for each field of ``row`` that batch does not know (``wieght``): never silently dropped."""
    out = []
    for key in row:
        if key not in ROW_FIELDS:
            near = [f for f in ROW_FIELDS if sorted(f) == sorted(str(key)) or str(key).lower() == f]
            name = str(key) if len(str(key)) <= 40 else str(key)[:40] + "…"
            known = comma_words(ROW_FIELDS)
            said = msg(N_('unknown field "{name}" is ignored (did you mean "{near}"?); known fields: {known}'), name=name,
                       near=near[0], known=known) if near else \
                msg(N_('unknown field "{name}" is ignored; known fields: {known}'), name=name, known=known)
            out.append(error_json("row", Diagnostic.of(severity=WARNING, code="unknown-field", message=said), lang))
    return out


_DEFAULT = ScoringPolicy.default()


def handle_row(
    row: Any,
    *,
    policy: ScoringPolicy = _DEFAULT,
    references: dict[str, Decimal] | None = None,
    lang: str = "en",
    cache: dict[tuple[str, int | None], Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
) -> dict[str, Any]:
    """One input row (a decoded JSON object) to its output object.

    A target the strict language cannot read is read leniently (``read_target``) and the
    row carries ``warnings``; with ``strict`` it is an error row (one cache per mode)."""
    out: dict[str, Any] = {"id": None, "target": None, "actual": None, "outcome": None, "error": None}
    if not isinstance(row, dict):
        out["error"] = _error("row", "not-an-object", msg(N_('a row must be a JSON object with at least "target"')),
                              lang=lang)
        return out
    out["id"] = row.get("id")
    warnings = _field_warnings(row, lang)
    if warnings:
        out["warnings"] = warnings
    target_text = row.get("target")
    if not isinstance(target_text, str):
        out["error"] = _error("target", "missing-target", msg(N_('"target" is missing or not a string')), lang=lang)
        return out
    try:
        year = _year(row)
    except ValueError as e:
        out["error"] = _error("year", "bad-year", _said(e), lang=lang)
        return out
    try:
        target, problem = _parse(target_text, year, cache, limits, strict)
    except TargetSyntaxError as e:
        out["error"] = error_json("target", e.diagnostic(), lang, label=e.label,
                                  expected=[x.render(lang) for x in e.expected_msgs])
        return out
    except IndicatorError as e:  # pragma: no cover - defensive: never lose the batch
        out["error"] = _error("target", "unreadable", _said(e), lang=lang)
        return out
    out["target"] = target_to_json(target)
    if problem is not None:  # read leniently: the strict diagnostic travels as a warning
        out["warnings"] = [error_json("target", problem.diagnostic(severity=WARNING), lang,
                                      label=problem.label, expected=[x.render(lang) for x in problem.expected_msgs])]
    actual_text = row.get("actual")
    if actual_text is not None and not isinstance(actual_text, str):
        actual_text = str(actual_text) if isinstance(actual_text, (int, Decimal)) else None
        if actual_text is None:
            out["error"] = _error("actual", "bad-actual", msg(N_('"actual" must be a string or null')), lang=lang)
            return out
    weight = row.get("weight")
    if isinstance(weight, float):
        weight = repr(weight)  # JSON numbers: keep the digits, never binary noise
    refs = dict(references or {})
    row_refs = row.get("references")
    if isinstance(row_refs, dict):
        refs.update({str(k): v for k, v in row_refs.items()})
    elif row_refs is not None:
        out["error"] = _error("references", "bad-references",
                              msg(N_('"references" must be an object {{NAME: VALUE}}, not a {type}'), type=_json_type(row_refs)),
                              lang=lang)
        return out
    if actual_text is None:
        return out
    try:
        outcome = evaluate(target, actual_text, weight=weight, policy=policy, references=refs, lang=lang, year=year,
                           limits=limits)
    except ActualSyntaxError as e:
        out["error"] = error_json("actual", e.diagnostic(), lang)
        return out
    except (InputError, TypeError) as e:
        field = e.field if isinstance(e, InputError) else "weight" if "weight" in str(e) else "references"
        field = "references" if field.startswith("reference") else field
        field = field if field in ROW_FIELDS else "row"
        bad = str(row.get(field, "")) if field == "weight" else ""
        out["error"] = _error(field, f"bad-{field}", _said(e), 0 if bad else None, len(bad) if bad else None, lang=lang)
        return out
    if actual_text is not None:  # without an actual only the target is read
        out["actual"] = actual_to_json(outcome.actual)
        out["outcome"] = outcome_to_json(outcome)
    return out


def _json_type(value: Any) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}.get(type(value), type(value).__name__)


def _read(text: str, year: int | None, limits: Limits, strict: bool) -> tuple[Any, TargetSyntaxError | None]:
    if strict:
        return parse_target(text, year=year, limits=limits), None
    return read_target(text, year=year, limits=limits)


def _parse(text: str, year: int | None, cache: dict[tuple[str, int | None], Any] | None,
           limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> tuple[Any, TargetSyntaxError | None]:
    """The target and the strict problem a lenient reading got past (parse_target with
    ``strict``), remembered per (text, year) when a cache is given (targets are immutable)."""
    if cache is None:
        return _read(text, year, limits, strict)
    key = (text, year)
    hit = cache.get(key)
    if hit is None:
        try:
            hit = _read(text, year, limits, strict)
        except TargetSyntaxError as e:
            hit = e
        if len(cache) < 65536:
            cache[key] = hit
    if isinstance(hit, TargetSyntaxError):
        raise hit
    return hit


# A row's answer is a function of its fields but the id (and of the run's options): a run
# answers a row whose fields it has met before from memory.  Kept for rows of simple
# values and short cells, and for a bounded number of rows.
_ROW_MEMO = 8192
_ROW_MEMO_CHARS = 2000
_SIMPLE = (str, int, float, bool, type(None))


def _row_key(row: Any, line: str) -> Any:
    """The fields of ``row`` but its id, as a key, or None for a row not kept: the text of
    ``line`` after the id when the id comes first (cheap: the same text, the same fields), else
    the fields themselves (each value with its type: 1, 1.0 and True are different weights)."""
    if not isinstance(row, dict):
        return None
    rest = after_id(line)
    if rest is not None:
        return rest if len(rest) <= 2 * _ROW_MEMO_CHARS else None
    key: list[Any] = []
    size = 0
    for name, value in row.items():
        if name == "id":
            continue
        if type(value) in _SIMPLE:
            if type(value) is str:
                size += len(value)
            key.append((name, type(value), value))
        elif type(value) is dict and all(type(k) is str and type(v) in _SIMPLE for k, v in value.items()):
            key.append((name, dict, tuple((k, type(v), v) for k, v in value.items())))
        else:
            return None
    return tuple(key) if size <= _ROW_MEMO_CHARS else None


def _after_id(text: str, row_id: Any, ascii_only: bool) -> str:
    """The answer ``text`` (of the row with id ``row_id``) after the id, with the line's end; ""
    when the line is not written as text (a lone surrogate makes it ASCII) and so cannot be
    joined to another id."""
    head, head_ascii = dump_line_as({"id": row_id})
    if ascii_only or head_ascii or not text.startswith(head[:-1]):
        return ""
    return text[len(head) - 1:] + "\n"


def run_batch(
    lines: Iterable[str | LineProblem],
    out: IO[str],
    *,
    policy: ScoringPolicy = _DEFAULT,
    references: dict[str, Decimal] | None = None,
    lang: str = "en",
    cache: bool = True,
    first_line: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
) -> int:
    """Process JSON Lines; return the exit status: 0 unless a line is not JSON Lines (not JSON,
    not UTF-8, beyond ``limits``: 2) or a row met an internal error (2).  Every line gets its
    answer, in order, as one line of valid UTF-8 JSON.

    ``lines`` are texts, or :class:`~indicator_dsl.evaluation.jsonlines.LineProblem` for a line
    that could not be decoded (:func:`~indicator_dsl.evaluation.jsonlines.decode_lines`).
    With ``cache`` (the default) each distinct target text is parsed once per run, and a row
    whose fields but the id are those of a row answered before gets that answer (with its id).
    ``first_line`` is the number of the first line in messages (a chunk of a longer input).
    """
    status = 0
    memo: dict[tuple[str, int | None], Any] | None = {} if cache else None
    # fields but the id -> the answer's line (with the id and how it was written), then, once
    # the row repeats, the line after its id: a repeated row is answered by writing its id
    # before it, the line dump_line writes for it, without redoing it ("" when the line
    # cannot be cut so)
    answers: dict[Any, tuple[str, Any, bool] | str] = {}
    for n, line in enumerate(lines, first_line):
        if isinstance(line, str) and not line.strip():
            continue
        try:
            if isinstance(line, LineProblem):
                raise line
            row = load_line(line, limits)
        except LineProblem as e:
            status = 2
            said = e.said if e.message.startswith("line ") else msg(N_("line {n} is {problem}"), n=n, problem=e.said) \
                if e.code == "not-json" else msg(N_("line {n}: {problem}"), n=n, problem=e.said)
            at = None if e.pos is None else e.pos
            result = {"id": None, "target": None, "actual": None, "outcome": None,
                      "error": _error("line", e.code, said, at, None if at is None else at + 1, lang=lang, line=n)}
        else:
            key = _row_key(row, line) if cache else None
            known = answers.get(key) if key is not None else None
            if known is not None:  # the same fields as a row answered before: its answer, with this id
                if not isinstance(known, str):  # met for the second time: keep the line after the id
                    known = _after_id(*known)
                    answers[key] = known
                if known:
                    head, ascii_only = dump_line_as({"id": row.get("id")})
                    if not ascii_only:
                        out.write(head[:-1] + known)
                        continue
            try:
                result = handle_row(row, policy=policy, references=references, lang=lang, cache=memo, limits=limits,
                                    strict=strict)
            except Exception as e:  # a bug must not lose the other rows
                status = 2
                result = {"id": row.get("id") if isinstance(row, dict) else None, "target": None,
                          "actual": None, "outcome": None,
                          "error": _error("row", "internal", msg(N_("internal error: {error}"),
                                                                 error=Detail(f"{type(e).__name__}: {str(e)[:200]}",
                                                                              type(e).__name__)), lang=lang)}
            else:
                if key is not None and len(answers) < _ROW_MEMO:
                    text, ascii_only = dump_line_as(result)
                    answers[key] = (text, result["id"], ascii_only)
                    out.write(text + "\n")
                    continue
        out.write(dump_line(result) + "\n")
    out.flush()
    return status
