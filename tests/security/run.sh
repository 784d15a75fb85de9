#!/usr/bin/env bash
# The security smoke test, run by CTest (label `security`) and so by `make test`:
#   1. sqlmap (Debian package, --batch) against the order list's query parameters and the order
#      id in GET /api/v1/orders/{id}, signed in as the demo operator: fails on any injectable
#      parameter;
#   2. the role × route matrix binary (tests/authz/authz_test) when it was built;
#   3. personal data in logs: orders with a known phone number in several spellings are ingested
#      and sent in requests that fail validation, then every line the server wrote (stdout and
#      stderr, debug level) is searched for those digits in any format.
# It builds nothing:
#
#   tests/security/run.sh build/ordo            (add KEEP_WORK=1 to keep the temp dir)
#
# Knobs: SQLMAP_LEVEL (3: also the User-Agent and Referer headers), SQLMAP_RISK (2: also
# heavy time-based queries), SQLMAP_DBMS ("" = payloads of every DBMS, the default: the SQL is
# built the same way for SQLite and PostgreSQL; "SQLite" is ~5× faster), SECURITY_SKIP_MATRIX=1.
# About 60–100 s of sqlmap on two busy cores with the defaults. The server runs with the request
# rate limits off (--rate-limit-rps 0): sqlmap sends a few thousand requests, and with limits on
# it would mostly measure the limiter (the limiter has its own tests). Sourcing is off
# (--sourcing-idle-ms 0): the sample order must stay `paid` for the listing it is found by (with
# sourcing on, a busy machine sometimes moved it on first — the earlier flake of this test).
# Prints one summary line per part and exits non-zero when any part fails.
set -euo pipefail

if [[ $# -lt 1 || ! -x "$1" ]]; then
  echo "usage: $0 path/to/ordo" >&2
  exit 2
fi
ORDO="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
BUILD_DIR="$(dirname "${ORDO}")"
SQLMAP_LEVEL="${SQLMAP_LEVEL:-3}"
SQLMAP_RISK="${SQLMAP_RISK:-2}"
SQLMAP_DBMS="${SQLMAP_DBMS:-}"
if ! command -v sqlmap >/dev/null; then
  echo "security: sqlmap is not installed (scripts/install-deps.sh installs Debian's package)" >&2
  exit 1
fi
command -v curl >/dev/null || { echo "security: curl is missing" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ordo-security.XXXXXX")"
server_pid=""
failures=0

stop_server() {
  [[ -n "${server_pid}" ]] || return 0
  local pid="${server_pid}"
  server_pid=""
  kill -TERM "${pid}" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "${pid}" 2>/dev/null || true
  wait "${pid}" 2>/dev/null || true
}
cleanup() {
  stop_server
  if [[ "${KEEP_WORK:-0}" == 1 || ${failures} -gt 0 ]]; then
    echo "security: work files kept in ${work}"
  else
    rm -rf "${work}"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "security: FAIL: $*" >&2
  failures=$((failures + 1))
}

db="sqlite:${work}/ordo.db"
server_log="${work}/server.log"
port=""

# ---- a demo database and a server -----------------------------------------------------------
"${ORDO}" demo --db "${db}" --orders 300 --seed 7 --dev-insecure-key >"${work}/demo.log" 2>&1 ||
  { cat "${work}/demo.log" >&2; fail "ordo demo failed"; exit 1; }

start_server() {
  local port_file="${work}/port"
  rm -f "${port_file}"
  ORDO_LOG_LEVEL=debug "${ORDO}" serve --db "${db}" --listen 127.0.0.1:0 --port-file "${port_file}" \
    --threads 2 --dev-insecure-key --rate-limit-rps 0 --export-rate-limit 0 --sourcing-idle-ms 0 >>"${server_log}" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    [[ -s "${port_file}" ]] && break
    kill -0 "${server_pid}" 2>/dev/null || { cat "${server_log}" >&2; fail "ordo serve exited"; exit 1; }
    sleep 0.1
  done
  [[ -s "${port_file}" ]] || { fail "ordo serve did not listen within 30 s"; exit 1; }
  port="$(cat "${port_file}")"
}
start_server
base="http://127.0.0.1:${port}"

token="$(curl -sS -X POST "${base}/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"operator","password":"operator-demo-2026"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[[ "${token}" == ses_* ]] || { fail "operator login failed"; exit 1; }
auth=(-H "Authorization: Bearer ${token}")

order_json() {  # order_json CHANNEL EXTERNAL_ID PHONE QTY: a canonical order (qty 0 breaks a rule)
  local total=$((100 * $4))
  printf '{"channel":"%s","external_id":"%s","status":"paid","currency":"CNY","customer_ref":"c-1",' "$1" "$2"
  printf '"created_at":"2026-11-20T10:00:00+08:00","lines":[{"sku":"S-1","title":"杯","qty":%s,' "$4"
  printf '"unit_price":100,"line_total":%s}],"shipping_address":{"name":"王小明","phone":"%s",' "${total}" "$3"
  printf '"province":"浙江省","city":"杭州市","district":"西湖区","street":"文三路 1 号","postcode":"310000",'
  printf '"country":"CN"},"totals":{"items":%s,"shipping":0,"discount":0,"tax":0,"grand_total":%s}}' "${total}" "${total}"
}

# A paid Tmall order of our own, so that the scanned list page is non-empty (the demo's orders
# have mostly moved on) and boolean-based tests see a difference between true and false.
sample="$(curl -sS "${auth[@]}" -H 'Content-Type: application/json' -X POST "${base}/api/v1/orders" \
  -d "$(order_json tmall SEC-TM-1 13700000000 1)")"
order_id="$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' <<<"${sample}")"
[[ -n "${order_id}" ]] || { echo "${sample}" >&2; fail "cannot ingest the sample order"; exit 1; }
external_id="SEC-TM-1"
province_q="%E6%B5%99%E6%B1%9F%E7%9C%81"  # 浙江省
listed="$(curl -sS "${auth[@]}" "${base}/api/v1/orders?status=paid&channel=tmall&province=${province_q}&q=${external_id}&limit=10")"
grep -q "\"id\":${order_id}," <<<"${listed}" || { echo "${listed}" >&2; fail "the sample order is not listed"; exit 1; }

# ---- 1. sqlmap ------------------------------------------------------------------------------
sqlmap_home="${work}/sqlmap-home"   # sqlmap writes ~/.local/share/sqlmap otherwise
mkdir -p "${sqlmap_home}" "${work}/sqlmap"
dbms_args=()
[[ -n "${SQLMAP_DBMS}" ]] && dbms_args=(--dbms "${SQLMAP_DBMS}")
run_sqlmap() {  # run_sqlmap NAME URL
  HOME="${sqlmap_home}" XDG_DATA_HOME="${sqlmap_home}" sqlmap -u "$2" -H "Authorization: Bearer ${token}" --batch \
    --level "${SQLMAP_LEVEL}" --risk "${SQLMAP_RISK}" "${dbms_args[@]}" --output-dir "${work}/sqlmap" \
    --flush-session --disable-coloring --skip-waf --timeout 10 --retries 1 >"${work}/sqlmap-$1.log" 2>&1 ||
    fail "sqlmap exited with status $? on $1 (see ${work}/sqlmap-$1.log)"
}
sqlmap_started=${SECONDS}
run_sqlmap list "${base}/api/v1/orders?status=paid&channel=tmall&province=${province_q}&q=${external_id}&limit=10"
run_sqlmap get "${base}/api/v1/orders/${order_id}*"
sqlmap_seconds=$((SECONDS - sqlmap_started))

sqlmap_out="$(cat "${work}"/sqlmap-*.log)"
tested="$( (grep -oE "testing for SQL injection on ([A-Za-z-]+ )?parameter '[^']+'" <<<"${sqlmap_out}" || true) |
  sort -u | wc -l)"
injectable="$( (grep -E "^Parameter: " <<<"${sqlmap_out}" || true) | sort -u | wc -l)"
if grep -qE "is vulnerable|identified the following injection point|parameter '[^']+' is '[^']+' injectable" <<<"${sqlmap_out}"; then
  ((injectable > 0)) || injectable=1
fi
if ((tested < 6)); then
  fail "sqlmap tested ${tested} parameter(s); expected at least the list's 5 and the path id (see ${work}/sqlmap-*.log)"
fi
if ((injectable > 0)); then
  grep -E "^Parameter: |injectable|is vulnerable" <<<"${sqlmap_out}" >&2 || true
  fail "sqlmap found ${injectable} injectable parameter(s)"
fi
echo "security: sqlmap: ${tested} parameters tested, ${injectable} injectable (level ${SQLMAP_LEVEL}, risk ${SQLMAP_RISK}, ${sqlmap_seconds} s)"

# ---- 2. the role × route matrix -------------------------------------------------------------
matrix="${BUILD_DIR}/tests/authz/authz_test"
if [[ "${SECURITY_SKIP_MATRIX:-0}" != 1 && -x "${matrix}" ]]; then
  if "${matrix}" >"${work}/matrix.log" 2>&1; then
    echo "security: $(grep -m 1 -E 'allowed [0-9]+' "${work}/matrix.log" || echo 'role x route matrix: passed')"
  else
    tail -n 30 "${work}/matrix.log" >&2
    fail "the role x route matrix failed"
  fi
else
  echo "security: role x route matrix: skipped (${matrix} not built)"
fi

# ---- 3. personal data in logs ---------------------------------------------------------------
# One subscriber's number in the spellings clients send; none may reach a log line.
phone_digits="13912345678"
phones=("13912345678" "+8613912345678" "+86 139 1234 5678" "139-1234-5678" "(+86) 139.1234.5678")
post() { curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' "$@"; }
statuses=()
for phone_idx in "${!phones[@]}"; do
  phone="${phones[${phone_idx}]}"
  statuses+=("$(post -X POST "${base}/api/v1/orders" -d "$(order_json api "PII-${phone_idx}" "${phone}" 1)")")
  # Refused: quantity 0, a broken body, an unknown field, a bad status, a bad id, a bad login.
  statuses+=("$(post -X POST "${base}/api/v1/orders" -d "$(order_json api "PII-BAD-${phone_idx}" "${phone}" 0)")")
  statuses+=("$(post -X POST "${base}/api/v1/orders" -d "{\"phone\": \"${phone}\", ")")
  statuses+=("$(post -X POST "${base}/api/v1/orders:batch" -d "{\"orders\":[$(order_json api "PII-B-${phone_idx}" "${phone}" -1)]}")")
  phone_q="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "${phone}")"
  statuses+=("$(post "${base}/api/v1/orders?q=${phone_q}")")
  statuses+=("$(post "${base}/api/v1/orders?status=${phone_q}&${phone_q}=1")")
  statuses+=("$(post "${base}/api/v1/orders/${phone_q}")")
  statuses+=("$(post "${base}/api/v1/orders/export?q=${phone_q}&clear=${phone_q}")")
  statuses+=("$(curl -sS -o /dev/null -w '%{http_code}' -X POST "${base}/api/v1/auth/login" \
    -H 'Content-Type: application/json' -d "{\"username\":\"${phone}\",\"password\":\"${phone}\"}")")
done
stop_server   # SIGTERM: everything the server had to say is written
status_summary="$(printf '%s\n' "${statuses[@]}" | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
grep -q '^201$' <(printf '%s\n' "${statuses[@]}") || fail "no order with a phone was ingested (${status_summary})"
# Every spelling: the raw digits, and the log with separators and +86 taken out.
pii_hits="$( (grep -c -E '139[^0-9]{0,3}1234[^0-9]{0,3}5678' "${server_log}" || true) | head -n 1)"
normalised_hits="$( (tr -d ' .()+_-' <"${server_log}" | grep -c "${phone_digits}" || true) | head -n 1)"
log_lines="$(wc -l <"${server_log}")"
if ((pii_hits > 0 || normalised_hits > 0)); then
  grep -n -E '139[^0-9]{0,3}1234[^0-9]{0,3}5678' "${server_log}" | head -n 5 >&2 || true
  fail "the phone number appears in the server log (${pii_hits} raw, ${normalised_hits} normalised lines)"
fi
echo "security: PII in logs: ${#statuses[@]} requests (${status_summary% }), ${log_lines} log lines, ${pii_hits} with the phone number"

if ((failures > 0)); then
  echo "security: ${failures} check(s) failed"
  exit 1
fi
echo "security: all checks passed"
