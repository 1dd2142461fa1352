#!/usr/bin/env bash
# Set up on a fresh machine and run the main job on the example specs and tables.
set -euo pipefail
cd "$(dirname "$0")/.."
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
run eval --target "≥600.00(场)" --actual "295.00(场)" --weight 10
# check the example spec files (0 errors; the warnings are the corpus's real vague targets)
run check specs/ | tail -n 3
# score a spec file, then audit every example table and write the HTML report
run score specs/000-t2.ind
run audit specs/ --report "$out/audit.html" | tail -n 12
# the machine interface: JSON Lines in and out
echo; echo "\$ indicator-dsl batch < examples/rows.jsonl   (first 3 of $(wc -l < examples/rows.jsonl) lines)"
.venv/bin/indicator-dsl batch < examples/rows.jsonl > "$out/batch.jsonl"
head -n 3 "$out/batch.jsonl"
echo; echo "HTML audit report: $out/audit.html"
