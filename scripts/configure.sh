#!/usr/bin/env bash
# Configures a CMake build dir with Ninja, only when needed:
#
#   scripts/configure.sh DIR [cmake -D… args]
#
# Re-runs cmake when DIR has no build.ninja or the arguments (or CC/CXX) changed since the last
# run; otherwise does nothing (ninja re-runs cmake by itself when a CMakeLists.txt changes).
# A DIR configured with another generator is wiped first.
set -euo pipefail
if (($# < 1)); then
  echo "usage: $0 BUILD_DIR [CMAKE_ARGS...]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$1"
shift
stamp="${dir}/.ordo-configure-args"
wanted="$(printf '%s\n' "CC=${CC:-}" "CXX=${CXX:-}" "$@")"

if [[ -f "${dir}/CMakeCache.txt" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "${dir}/CMakeCache.txt"; then
  echo "configure: ${dir} was configured with another generator; starting it afresh" >&2
  rm -rf "${dir}"
fi
if [[ -f "${dir}/build.ninja" && -f "${stamp}" && "$(cat "${stamp}")" == "${wanted}" ]]; then
  exit 0
fi
mkdir -p "${dir}"
cmake -S "${root}" -B "${dir}" -G Ninja "$@"
printf '%s\n' "${wanted}" >"${stamp}"
