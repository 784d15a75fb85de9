#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 beside it:
#
#   scripts/with-postgres.sh ctest --test-dir build --output-on-failure
#   scripts/with-postgres.sh psql "$ORDO_TEST_PG_URL" -c 'select version()'   (quote the $!)
#
# Starts a fresh server (initdb into a temp dir, 127.0.0.1 on a free port, trust auth on
# loopback, fsync off unless ORDO_PG_FSYNC=on), creates database `ordo_test`, exports
#   ORDO_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/ordo_test  (+ ORDO_TEST_PG_PORT,
#   and PGHOST/PGPORT/PGUSER/PGDATABASE so that libpq clients with no arguments reach it)
# runs the command, then always stops the server and removes the temp dir. Exits with the
# command's exit code. Works as root (the server runs as `postgres`) and needs no system
# PostgreSQL service. Tests that need a database of their own may CREATE DATABASE freely.
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/pg.sh
source "${here}/lib/pg.sh"

PG_DIR="$(mktemp -d "${ORDO_PG_TMPDIR:-/tmp}/ordo-pg.XXXXXX")"
cleanup() { pg_stop "${PG_DIR}"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_start "${PG_DIR}"
# shellcheck disable=SC1091
source "${PG_DIR}/env"
echo "with-postgres: PostgreSQL $("${ORDO_PG_BIN}/postgres" --version | awk '{print $3}') at ${ORDO_TEST_PG_URL}" >&2

rc=0
"$@" || rc=$?
exit "${rc}"
