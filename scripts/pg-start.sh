#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 that outlives this script (for benchmarks and manual work):
#
#   eval "$(scripts/pg-start.sh build/pg)"    # exports ORDO_TEST_PG_URL, ORDO_TEST_PG_PORT
#   ...
#   scripts/pg-stop.sh build/pg
#
# DIR must not exist yet (default: a new temp dir). Prints the export lines on stdout.
# ORDO_PG_FSYNC=on for durable (benchmark) settings. Prefer scripts/with-postgres.sh, which
# cannot leak a server.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/pg.sh
source "${here}/lib/pg.sh"

dir="${1:-}"
if [[ -z "${dir}" ]]; then
  dir="$(mktemp -d "${ORDO_PG_TMPDIR:-/tmp}/ordo-pg.XXXXXX")"
elif [[ -e "${dir}" ]]; then
  echo "pg-start: ${dir} exists; stop it first with scripts/pg-stop.sh ${dir}" >&2
  exit 1
fi
dir="$(mkdir -p "${dir}" && cd "${dir}" && pwd)"
if ! pg_start "${dir}"; then
  pg_stop "${dir}"
  exit 1
fi
cat "${dir}/env"
