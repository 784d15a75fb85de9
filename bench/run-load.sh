#!/usr/bin/env bash
# The load benchmark (issue #2, item 9), run by `make bench`. Builds nothing: it expects
# build/ordo and build/ordo-load. For each backend it starts `ordo serve` on port 0 with a fresh
# database and runs, with bench/load's generator beside it on the same machine:
#   (c) healthz  GET /healthz                the server's bare ceiling
#   (a) single   POST /api/v1/orders         realistic 3-line orders, one per request
#   (b) batch    POST /api/v1/orders:batch   BENCH_BATCH_SIZE orders per request
# then stops the server with SIGTERM, prints a table and writes build/bench/load.json
# ({"sqlite":{"single":{"orders_per_s",…},…,"single_to_ceiling_ratio":…},"postgresql":{…}}).
#
# PostgreSQL comes from ORDO_TEST_PG_URL (scripts/with-postgres.sh exports it; `make bench`
# wraps this script in it); without it the script wraps itself, or skips PostgreSQL saying so.
#
# Knobs (environment):
#   BENCH_SECONDS=10 BENCH_WARMUP=2     measured seconds and warm-up per scenario
#   BENCH_CONNECTIONS=64                keep-alive connections for healthz and single
#   BENCH_BATCH_CONNECTIONS=8           connections for batch (each carries BENCH_BATCH_SIZE orders)
#   BENCH_BATCH_SIZE=100
#   BENCH_LOAD_THREADS=1                generator threads (2 cores are shared with the server)
#   BENCH_SERVER_THREADS=0              `ordo serve --threads` (0: one per core)
#   BENCH_BACKENDS="sqlite postgresql"  which backends
#   BENCH_SCENARIOS="healthz single batch"
#   BENCH_REFERENCE=1                   also measure build/bare-beast-server (healthz and POST, no
#                                       JSON, no store): what generator + machine can do at all
#   BUILD_DIR=build
# Quick smoke: BENCH_SECONDS=1 BENCH_WARMUP=0.5 bench/run-load.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-${root}/build}"
[[ "${BUILD_DIR}" = /* ]] || BUILD_DIR="${root}/${BUILD_DIR}"
ORDO="${ORDO_BIN:-${BUILD_DIR}/ordo}"
LOAD="${LOAD_BIN:-${BUILD_DIR}/ordo-load}"
BENCH_SECONDS="${BENCH_SECONDS:-10}"
BENCH_WARMUP="${BENCH_WARMUP:-2}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-64}"
BENCH_BATCH_CONNECTIONS="${BENCH_BATCH_CONNECTIONS:-8}"
BENCH_BATCH_SIZE="${BENCH_BATCH_SIZE:-100}"
BENCH_LOAD_THREADS="${BENCH_LOAD_THREADS:-1}"
BENCH_SERVER_THREADS="${BENCH_SERVER_THREADS:-0}"
BENCH_BACKENDS="${BENCH_BACKENDS:-sqlite postgresql}"
BENCH_SCENARIOS="${BENCH_SCENARIOS:-healthz single batch}"
BENCH_REFERENCE="${BENCH_REFERENCE:-0}"
BARE="${BARE_BIN:-${BUILD_DIR}/bare-beast-server}"

for binary in "${ORDO}" "${LOAD}"; do
  if [[ ! -x "${binary}" ]]; then
    echo "run-load: ${binary} is missing; build first (make build, or ninja -C ${BUILD_DIR} ordo ordo-load)" >&2
    exit 1
  fi
done

# PostgreSQL wanted but not provided: run again under a throw-away server (durable settings).
if [[ " ${BENCH_BACKENDS} " == *" postgresql "* && -z "${ORDO_TEST_PG_URL:-}" && -z "${ORDO_BENCH_WRAPPED:-}" &&
      -x "${root}/scripts/with-postgres.sh" ]]; then
  export ORDO_BENCH_WRAPPED=1
  ORDO_PG_FSYNC="${ORDO_PG_FSYNC:-on}" exec "${root}/scripts/with-postgres.sh" "$0" "$@"
fi

out_dir="${BUILD_DIR}/bench"
mkdir -p "${out_dir}"
runs="${out_dir}/load-runs.jsonl"
: >"${runs}"
work="$(mktemp -d "${TMPDIR:-/tmp}/ordo-load.XXXXXX")"
server_pid=""
had_errors=0

stop_server() {
  [[ -n "${server_pid}" ]] || return 0
  local pid="${server_pid}" rc=0
  server_pid=""
  kill -TERM "${pid}" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "${pid}" 2>/dev/null; then
    echo "run-load: server ${pid} did not stop within 30 s of SIGTERM; killing it" >&2
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  wait "${pid}" 2>/dev/null || rc=$?
  if ((rc != 0)); then echo "run-load: server exited with status ${rc} after SIGTERM" >&2; fi
}
cleanup() {
  stop_server
  rm -rf "${work}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Every API route needs a credential: the benchmark creates an operator (orders.write, no
# sensitive permission) with the CLI before serving, signs in once and sends the session token.
BENCH_USER="bench-operator"
BENCH_PASSWORD="bench-password-$$-$(date +%s)"
TOKEN=""

# login PORT: sets TOKEN from POST /api/v1/auth/login.
login() {
  local body
  body="$(curl -sS --fail -X POST "http://127.0.0.1:$1/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"${BENCH_USER}\",\"password\":\"${BENCH_PASSWORD}\"}")" || {
    echo "run-load: login failed" >&2
    return 1
  }
  TOKEN="$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"${body}")"
  [[ -n "${TOKEN}" ]] || { echo "run-load: no token in the login answer" >&2; return 1; }
}

# start_server DB_URL LOG: ordo serve on 127.0.0.1:0; sets server_pid and port.
start_server() {
  local db="$1" log="$2" port_file="${work}/port"
  rm -f "${port_file}"
  "${ORDO}" admin create-user --db "${db}" --username "${BENCH_USER}" --password "${BENCH_PASSWORD}" \
    --role operator >>"${log}.admin" 2>&1 || { echo "run-load: cannot create the bench user; see ${log}.admin" >&2; return 1; }
  # One operator session at full speed is what this measures: the per-principal request rate
  # limit (ordo serve's default 100/s) is switched off, as docs/security.md says.
  "${ORDO}" serve --db "${db}" --listen 127.0.0.1:0 --port-file "${port_file}" --dev-insecure-key \
    --threads "${BENCH_SERVER_THREADS}" --rate-limit-rps 0 >"${log}" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    [[ -s "${port_file}" ]] && break
    if ! kill -0 "${server_pid}" 2>/dev/null; then
      server_pid=""
      echo "run-load: ordo serve exited before listening; its log:" >&2
      cat "${log}" >&2
      return 1
    fi
    sleep 0.1
  done
  port="$(tr -d '[:space:]' <"${port_file}")"
  [[ -n "${port}" ]] || { echo "run-load: no port after 30 s; log: ${log}" >&2; return 1; }
  login "${port}"
}

# run_scenario BACKEND SCENARIO: one ordo-load run, its JSON line appended to ${runs}.
run_scenario() {
  local backend="$1" scenario="$2" connections="${BENCH_CONNECTIONS}" line rc=0
  local extra=()
  # The bare reference server ignores the header; ordo needs it on every /api/ route.
  if [[ -n "${TOKEN}" ]]; then extra+=(--header "Authorization: Bearer ${TOKEN}"); fi
  if [[ "${scenario}" == batch ]]; then
    connections="${BENCH_BATCH_CONNECTIONS}"
    extra+=(--batch-size "${BENCH_BATCH_SIZE}")
  fi
  echo "run-load: ${backend} ${scenario}: ${connections} connections, ${BENCH_WARMUP} s warm-up + ${BENCH_SECONDS} s" >&2
  line="$("${LOAD}" --target "127.0.0.1:${port}" --scenario "${scenario}" --connections "${connections}" \
    --threads "${BENCH_LOAD_THREADS}" --duration "${BENCH_SECONDS}" --warmup "${BENCH_WARMUP}" \
    --label "${backend}" "${extra[@]}")" || rc=$?
  if [[ -n "${line}" ]]; then
    echo "${line}" >>"${runs}"
    echo "${line}" >&2
  fi
  if ((rc != 0)); then
    had_errors=1
    echo "run-load: ${backend} ${scenario}: the run had errors (status ${rc}); its figures are not valid" >&2
  fi
}

fresh_pg_url() {
  local name="ordo_bench_$(date +%s)_$$"
  if command -v psql >/dev/null 2>&1 && psql "${ORDO_TEST_PG_URL}" -qAtc "CREATE DATABASE ${name}" >/dev/null 2>&1; then
    echo "${ORDO_TEST_PG_URL%/*}/${name}"
  else
    echo "${ORDO_TEST_PG_URL}"  # the wrapper's database is fresh already
  fi
}

if [[ "${BENCH_REFERENCE}" == 1 ]]; then
  if [[ -x "${BARE}" ]]; then
    log="${out_dir}/serve-bare_beast.log"
    rm -f "${work}/port"
    "${BARE}" --port-file "${work}/port" --threads "$( ((BENCH_SERVER_THREADS > 0)) && echo "${BENCH_SERVER_THREADS}" || nproc)" \
      >"${log}" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do [[ -s "${work}/port" ]] && break; sleep 0.1; done
    port="$(tr -d '[:space:]' <"${work}/port")"
    echo "run-load: reference: bare-beast-server (pid ${server_pid}) on 127.0.0.1:${port}" >&2
    run_scenario bare_beast healthz
    run_scenario bare_beast single
    stop_server
    TOKEN=""
  else
    echo "run-load: BENCH_REFERENCE=1 but ${BARE} is missing; no reference run" >&2
  fi
fi

for backend in ${BENCH_BACKENDS}; do
  case "${backend}" in
    sqlite) db="sqlite:${work}/sqlite/ordo.db" ;;
    postgresql)
      if [[ -z "${ORDO_TEST_PG_URL:-}" ]]; then
        reason="no PostgreSQL (ORDO_TEST_PG_URL unset and scripts/with-postgres.sh unavailable)"
        echo "run-load: skipping postgresql: ${reason}" >&2
        printf '{"backend":"postgresql","skipped":"%s"}\n' "${reason}" >>"${runs}"
        continue
      fi
      db="$(fresh_pg_url)"
      ;;
    *) echo "run-load: unknown backend ${backend}" >&2; exit 2 ;;
  esac
  log="${out_dir}/serve-${backend}.log"
  start_server "${db}" "${log}"
  echo "run-load: ${backend}: ordo serve (pid ${server_pid}) on 127.0.0.1:${port}, log ${log}" >&2
  for scenario in ${BENCH_SCENARIOS}; do
    run_scenario "${backend}" "${scenario}"
  done
  stop_server
done

"${LOAD}" report --in "${runs}" --out "${out_dir}/load.json"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); generator and server share it"
if ((had_errors)); then
  echo "run-load: AT LEAST ONE RUN HAD ERRORS (see the errors column and ${runs})" >&2
  exit 1
fi
