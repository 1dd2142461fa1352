"""Start-up: what a command keeps between runs (target/kept.py) and what it does not import.

A command reads the grammar's tables, the tokenizer (with the regular-expression code of
its patterns) and the parsed vocabulary from files kept in the cache directory, and reads
a valid cell without importing Lark or the TOML parser; the kept files give the same
answers as the work they stand for, and a broken one is made again.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from helpers import load_tsv

from indicator_dsl.target.grammar import target_lark, tokenizer
from indicator_dsl.target.lexer import Tokenizer
from indicator_dsl.target.normalize import normalize

_PROBE = """
import json, sys
from indicator_dsl.target.parse import parse_target
out = [str(parse_target(t)) for t in ("≥90%", "不少于150名", "1-2场", "满意度≥90%，培训不少于3次", "2025年底前")]
print(json.dumps({"out": out, "loaded": sorted(m for m in ("lark", "tomllib") if m in sys.modules)}))
"""


def _probe(cache: Path) -> dict[str, object]:
    env = dict(os.environ, INDICATOR_DSL_CACHE=str(cache))
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_second_run_reads_the_kept_files_and_imports_neither_lark_nor_toml(tmp_path):
    first = _probe(tmp_path)
    kept = sorted(p.name.split("-")[0] + p.suffix for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert kept == ["target.lark", "target.tables", "vocabulary.marshal"]
    second = _probe(tmp_path)
    assert second["loaded"] == [] and second["out"] == first["out"]


def test_a_broken_kept_file_is_made_again(tmp_path):
    first = _probe(tmp_path)
    for path in tmp_path.iterdir():
        if path.suffix in (".tables", ".marshal"):
            path.write_bytes(b"not what was kept")
    assert _probe(tmp_path)["out"] == first["out"]
    assert _probe(tmp_path)["loaded"] == []  # made again, and kept again


def test_without_a_cache_directory_nothing_is_kept(tmp_path):
    env = dict(os.environ, INDICATOR_DSL_CACHE="off")
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout)["out"][0] == ">= 90 %"


def test_the_kept_tokenizer_cuts_as_a_fresh_one():
    """Patterns made from the kept engine code match as patterns compiled from their text."""
    parser = target_lark()
    fresh = Tokenizer(list(parser.terminals), set(parser.lexer_conf.ignore))
    kept = Tokenizer(list(parser.terminals), set(parser.lexer_conf.ignore))
    texts = [normalize(r["target"]).text for r in load_tsv("targets.tsv")]
    texts += ["实际走访科技类社会组织27家、企业30家，共57家。", "2021年1月-12月 2025-12-31 第三届 7*24 小时 ≥ 20 次",
              "百分之九十 一点五万元 1.5万人次 66.68亿元 1,000.5 .5 0.01‰ (百分比)(次) kg KM TB"]
    kept.precompile("".join(texts))
    kept = pickle.loads(pickle.dumps(kept))
    for text in texts:
        assert [(t.type, str(t), t.start_pos) for t in kept.tokens(text)] == \
            [(t.type, str(t), t.start_pos) for t in fresh.tokens(text)], text
    assert [(t.type, str(t)) for t in tokenizer().tokens("≥90%")] == [("SIGN", "≥"), ("NUMBER", "90"), ("PCT", "%")]
