#!/bin/sh
# CTest entry rules_benchmark_check: writes a small fixture with the shared generator and runs the
# benchmark in check mode (exit 1 on any firing that differs from expected.txt). Without node the
# test is skipped (exit 77), not failed.
#   check-fixture.sh <rules_benchmark> <shared dir> <out dir> [n]
set -eu
benchmark=$1 shared=$2 out=$3 n=${4:-5000}
if ! command -v node >/dev/null 2>&1; then
  echo "node not found: skipping the rule benchmark check"
  exit 77
fi
node "$shared/make-fixture.js" --n "$n" --seed 20261128 --out "$out"
exec "$benchmark" --ruleset "$shared/ruleset.json" --fixture "$out" --check
