#!/usr/bin/env bash
# Builds the fuzz targets (clang, build-fuzz/) and runs each of them; SECONDS is the time for
# all of them together (default 30: what `make test` spends; `make fuzz` gives 600).
#
#   scripts/fuzz-smoke.sh [SECONDS]
#
# Fails on the first crash, sanitizer report or broken invariant, leaving the input that found
# it in build-fuzz/artifacts/ and printing how to replay it. Each target fuzzes from its seeds
# (fuzz/corpus/<input>/, read-only) plus a working corpus build-fuzz/corpus/<input>/ that
# grows across runs. Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (parallel
# fuzzing processes per target, default 1).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"
total="${1:-30}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${FUZZ_JOBS:-1}"

CC=clang CXX=clang++ scripts/configure.sh "${build}" -DORDO_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "${build}" >"${build}/fuzz-build.log" 2>&1 || {
  cat "${build}/fuzz-build.log" >&2
  echo "fuzz-smoke: the fuzz build failed" >&2
  exit 1
}

mapfile -t targets < <(find "${build}/fuzz" -maxdepth 1 -type f -executable -name '*_fuzz' | sort)
if ((${#targets[@]} == 0)); then
  echo "fuzz-smoke: no fuzz targets built in ${build}/fuzz" >&2
  exit 1
fi
# The total is split between the targets (ten or so since the channel adapters: ~3 s each in the
# 30 s smoke); the floor only keeps a tiny total from giving a target no time at all.
per_target=$((total / ${#targets[@]}))
((per_target >= 2)) || per_target=2

# LeakSanitizer on; every UBSan report is fatal but for the third-party ones in cmake/ubsan.supp.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=${root}/cmake/ubsan.supp}"

mkdir -p "${build}/artifacts"
failed=0
for target in "${targets[@]}"; do
  name="$(basename "${target}")"
  input="${name%_fuzz}"
  seeds="fuzz/corpus/${input}"
  work="${build}/corpus/${input}"
  mkdir -p "${work}"
  args=(-max_total_time="${per_target}" -timeout=10 -rss_limit_mb=2048 -max_len=65536
        -print_final_stats=1 -artifact_prefix="${build}/artifacts/${name}-")
  [[ -f "fuzz/${input}.dict" ]] && args+=(-dict="fuzz/${input}.dict")
  ((jobs > 1)) && args+=(-fork="${jobs}")
  dirs=("${work}")
  [[ -d "${seeds}" ]] && dirs+=("${seeds}")

  # Seeds named valid-* must be accepted (targets honour ORDO_FUZZ_EXPECT_ACCEPT).
  mapfile -t valid < <(find "${seeds}" -maxdepth 1 -type f -name 'valid-*' 2>/dev/null | sort)
  if ((${#valid[@]})); then
    if ! ORDO_FUZZ_EXPECT_ACCEPT=1 "${target}" -artifact_prefix="${build}/artifacts/${name}-seed-" "${valid[@]}" >"${build}/${name}.seeds.log" 2>&1; then
      tail -n 40 "${build}/${name}.seeds.log" >&2
      echo "fuzz-smoke: ${name}: a valid-* seed in ${seeds} was rejected (see above)" >&2
      failed=1
      continue
    fi
  fi

  log="${build}/${name}.log"
  echo "fuzz-smoke: ${name} for ${per_target}s (log: ${log})"
  if "${target}" "${args[@]}" "${dirs[@]}" >"${log}" 2>&1; then
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "${log}" | awk '{s+=$2} END {print s+0}')"
    corpus="$(find "${work}" -type f | wc -l)"
    echo "fuzz-smoke: ${name}: ok, ${runs} inputs, working corpus ${corpus} files"
  else
    failed=1
    tail -n 60 "${log}" >&2
    artifact="$(grep -o "Test unit written to [^ ]*" "${log}" | tail -n 1 | sed 's/Test unit written to //')"
    echo "fuzz-smoke: ${name}: FAILED${artifact:+ — input saved as ${artifact}}" >&2
    if [[ -n "${artifact}" ]]; then
      echo "fuzz-smoke: replay with: UBSAN_OPTIONS='${UBSAN_OPTIONS}' ${target} ${artifact}" >&2
    fi
  fi
done
exit "${failed}"
