#!/usr/bin/env bash
# Installs the Debian packages fixture-forge needs when they are missing:
# PostgreSQL (server programs, psql, pg_dump), pytest, and Chromium (the
# report's browser tests run it headless). Idempotent and quiet when
# everything is there.
set -euo pipefail

need=()
pg_bin() {
  [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/postgres" ] && return 0
  command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/postgres" ] && return 0
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}
pg_bin && command -v psql >/dev/null && command -v pg_dump >/dev/null || need+=(postgresql postgresql-client)
python3 -c 'import pytest' 2>/dev/null || command -v pytest-3 >/dev/null || need+=(python3-pytest)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "${CHROMIUM:-}" ] || need+=(chromium fonts-liberation)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "fixture-forge needs: ${need[*]} (run: sudo apt-get update && sudo apt-get install -y ${need[*]})" >&2
  exit 1
fi
echo "installing ${need[*]} from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
