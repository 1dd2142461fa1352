#!/usr/bin/env bash
# Set up on a fresh machine and run the main job on the example specs and tables, in Chinese
# (the users' language; LANG=en_US.UTF-8 bash scripts/demo.sh --lang en for English).
set -euo pipefail
cd "$(dirname "$0")/.."
lang=zh
if [ "${1:-}" = "--lang" ] && [ -n "${2:-}" ]; then lang=$2; fi
if [ ! -x .venv/bin/indicator-dsl ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
fi
run() { echo; echo "\$ indicator-dsl $*"; .venv/bin/indicator-dsl "$@"; }
out=$(mktemp -d)

# read targets
run parse "≥90.00(%)"
run parse --json "不少于150名"
# score one row
run eval --lang "$lang" --target "≥600.00(场)" --actual "295.00(场)" --weight 10
# check the example spec files (0 errors; the warnings are the corpus's real vague targets)
run check --lang "$lang" specs/ | tail -n 3
# score a spec file, then audit every example spec and table: the HTML report and the scored workbook
run score --lang "$lang" specs/000-t2.ind
run audit --lang "$lang" specs/ examples/tables --report "$out/audit.html" | tail -n 12
run score --lang "$lang" --quiet examples/tables --xlsx "$out/scored.xlsx" > /dev/null
# the machine interface: JSON Lines in and out
echo; echo "\$ indicator-dsl batch --lang $lang < examples/rows.jsonl   (first 3 of $(wc -l < examples/rows.jsonl) lines)"
.venv/bin/indicator-dsl batch --lang "$lang" < examples/rows.jsonl > "$out/batch.jsonl"
head -n 3 "$out/batch.jsonl"
echo; echo "HTML audit report: $out/audit.html"
echo "scored workbook:   $out/scored.xlsx"
