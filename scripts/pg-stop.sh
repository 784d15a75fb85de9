#!/usr/bin/env bash
# Stops a server started by scripts/pg-start.sh DIR and removes DIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/pg.sh
source "${here}/lib/pg.sh"
if (($# != 1)); then
  echo "usage: $0 DIR" >&2
  exit 2
fi
if [[ -d "$1" && ! -f "$1/env" && ! -d "$1/data" ]]; then
  echo "pg-stop: $1 does not look like a pg-start.sh directory; not removing it" >&2
  exit 1
fi
pg_stop "$1"
