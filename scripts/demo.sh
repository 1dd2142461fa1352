#!/usr/bin/env bash
# Set up on a fresh machine and run the main job on the shipped examples.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/indicator-dsl ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
fi
echo "== indicator-dsl parse: a few targets"
for t in "≥90.00(%)" "不少于150名" "1-2场" "约600人" "项目工作按季度时间节点完成" "总成本控制在批复预算内"; do
  printf '%-28s -> ' "$t"; .venv/bin/indicator-dsl parse "$t"
done
echo "== indicator-dsl batch < examples/rows.jsonl (first 5 lines)"
.venv/bin/indicator-dsl batch < examples/rows.jsonl | head -n 5
