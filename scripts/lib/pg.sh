# Throw-away PostgreSQL 15 servers for tests and benchmarks. Sourced by with-postgres.sh,
# pg-start.sh and pg-stop.sh; not run directly.
#
# pg_start DIR   initdb into DIR/data, start on 127.0.0.1:<free port> (unix socket in DIR),
#                create database ordo_test, write DIR/env (export lines: ORDO_TEST_PG_URL,
#                ORDO_TEST_PG_PORT and libpq's PGHOST/PGPORT/PGUSER/PGDATABASE, so that a plain
#                `psql` reaches it too), print nothing else on success. The server runs as the `postgres` user when we are root (PostgreSQL
#                refuses to run as root) and as ourselves otherwise.
# pg_stop DIR    stop that server (if running) and remove DIR.
#
# Settings (environment):
#   ORDO_PG_BIN    PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   ORDO_PG_FSYNC  on|off (default off: tests want speed, not durability; benchmarks pass on)
#   ORDO_PG_TMPDIR where with-postgres.sh/pg-start.sh make the temp dir (default /tmp: the
#                  postgres user must be able to reach it)

ORDO_PG_BIN="${ORDO_PG_BIN:-/usr/lib/postgresql/15/bin}"

_pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port nothing listens on right now. Racy by nature; pg_start retries on a clash.
_pg_pick_port() {
  local port tries
  for tries in $(seq 1 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return 0
    fi
  done
  return 1
}

pg_start() {
  local dir="$1"
  if [[ ! -x "${ORDO_PG_BIN}/initdb" ]]; then
    echo "pg: ${ORDO_PG_BIN}/initdb not found; run scripts/install-deps.sh (postgresql-15)" >&2
    return 1
  fi
  if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
    echo "pg: running as root but there is no 'postgres' user (is postgresql-15 installed?)" >&2
    return 1
  fi
  mkdir -p "${dir}"
  chmod 700 "${dir}"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "${dir}"

  if ! _pg_as_owner "${ORDO_PG_BIN}/initdb" -D "${dir}/data" -U postgres --auth=trust \
      --encoding=UTF8 --no-locale --no-sync >"${dir}/initdb.log" 2>&1; then
    echo "pg: initdb failed:" >&2
    cat "${dir}/initdb.log" >&2
    return 1
  fi

  local fsync="${ORDO_PG_FSYNC:-off}" attempt port
  for attempt in 1 2 3 4 5; do
    port="$(_pg_pick_port)" || { echo "pg: no free port found" >&2; return 1; }
    # postgresql.auto.conf is read after postgresql.conf; rewriting it makes a retry clean.
    _pg_as_owner tee "${dir}/data/postgresql.auto.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${dir}'
max_connections = 200
fsync = ${fsync}
synchronous_commit = ${fsync}
full_page_writes = ${fsync}
shared_buffers = 128MB
logging_collector = off
log_min_messages = warning
CONF
    if _pg_as_owner "${ORDO_PG_BIN}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 60 \
        start >/dev/null 2>&1; then
      break
    fi
    if grep -q "Address already in use\|could not create any TCP/IP sockets" "${dir}/server.log" 2>/dev/null; then
      port=""
      continue
    fi
    echo "pg: server did not start:" >&2
    tail -n 30 "${dir}/server.log" >&2 || true
    return 1
  done
  if [[ -z "${port}" ]]; then
    echo "pg: could not bind a free port after 5 attempts" >&2
    return 1
  fi

  if ! "${ORDO_PG_BIN}/psql" -X -q -h 127.0.0.1 -p "${port}" -U postgres -d postgres \
      -v ON_ERROR_STOP=1 -c 'CREATE DATABASE ordo_test' >/dev/null; then
    echo "pg: could not create database ordo_test" >&2
    return 1
  fi
  local url="postgresql://postgres@127.0.0.1:${port}/ordo_test"
  _pg_as_owner tee "${dir}/env" >/dev/null <<ENV
export ORDO_TEST_PG_URL='${url}'
export ORDO_TEST_PG_PORT='${port}'
export ORDO_TEST_PG_DIR='${dir}'
export PGHOST=127.0.0.1 PGPORT='${port}' PGUSER=postgres PGDATABASE=ordo_test
ENV
}

pg_stop() {
  local dir="$1"
  [[ -n "${dir}" && -d "${dir}" ]] || return 0
  if [[ -f "${dir}/data/postmaster.pid" ]]; then
    # immediate: the data is thrown away anyway, no need for a checkpoint.
    _pg_as_owner "${ORDO_PG_BIN}/pg_ctl" -D "${dir}/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "${dir}"
}
