#!/usr/bin/env bash
# fixture-forge: restore a compiled artifact on a Postgres container's first
# start. The official image runs this from /docker-entrypoint-initdb.d (it is
# executable, so it is run, not sourced) with POSTGRES_USER and POSTGRES_DB
# set and its temporary init server up (socket only: listen_addresses='').
#
# It needs two files of the artifact: manifest.json and dump.sql.gz. The
# manifest is parsed as JSON by that server (jsonb), its format tag checked,
# and the dump's size and sha256 compared with the manifest's before psql
# restores it in one transaction.
#
# Any failure exits non-zero with a `fixture-forge: ...` line, which fails
# the container's first start. Because the entrypoint would skip the init
# scripts on the next start of an initialised data directory and serve an
# empty database, a failure during that first start also stops the init
# server and empties the data directory: the next start initialises it and
# runs this script again (failing again, loudly, until the artifact is fixed).
set -Eeuo pipefail

dir="${FORGE_ARTIFACT_DIR:-/forge-artifact}"
psql_db=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB")
first_init=0
restored=0

say() { echo "fixture-forge: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

on_exit() {
  local rc=$?
  [ "$restored" = 1 ] && return 0
  if [ "$first_init" = 1 ]; then
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    find "$PGDATA" -mindepth 1 -delete 2>/dev/null || true
    say "the first start failed, so the data directory $PGDATA was emptied: the next start restores again instead of serving an empty database"
  fi
  exit $((rc == 0 ? 1 : rc))
}
trap on_exit EXIT

# Only the entrypoint's init server listens on no address; a server already
# in service does. Emptying the data directory is for the first case only.
if [ -n "${PGDATA:-}" ] && [ -s "$PGDATA/PG_VERSION" ] && listen=$("${psql_db[@]}" -tAc 'SHOW listen_addresses') && [ -z "$listen" ]; then
  first_init=1
fi

[ -f "$dir/manifest.json" ] || fail "no artifact at $dir (manifest.json missing): COPY one there (docker/Dockerfile) or mount one (docker/compose.yaml)"
[ -f "$dir/dump.sql.gz" ] || fail "the artifact at $dir has no dump.sql.gz: build it with the dump format (forge build --formats csv,json,dump)"

# The manifest, read by the server's JSON parser: format, title, and the dump's size and sha256.
export FORGE_MANIFEST="$dir/manifest.json"
IFS=$'\t' read -r format title bytes want < <("${psql_db[@]}" -tA -F $'\t' <<'SQL'
\set manifest `cat "$FORGE_MANIFEST"`
SELECT coalesce(m->>'format', '-'),
       concat_ws(', ', concat_ws(' ', m#>>'{dataset,name}', m#>>'{dataset,version}'), 'seed ' || (m->>'seed'), 'profile ' || (m->>'profile')),
       coalesce(f->>'bytes', '-'), coalesce(f->>'sha256', '-')
FROM (SELECT :'manifest'::jsonb AS m) x
LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(m->'files') = 'array' THEN m->'files' ELSE '[]' END) f ON f->>'path' = 'dump.sql.gz';
SQL
) || fail "$dir/manifest.json is not JSON: the artifact is corrupted, rebuild it"
[ "$format" = "fixture-forge/artifact@1" ] || fail "$dir/manifest.json is not a fixture-forge artifact@1 manifest (format: $format): rebuild it with this version of fixture-forge"
[ "$want" != "-" ] || fail "manifest.json lists no dump.sql.gz: rebuild the artifact with the dump format"
have=$(sha256sum "$dir/dump.sql.gz" | cut -d' ' -f1)
size=$(stat -c %s "$dir/dump.sql.gz")
[ "$size" = "$bytes" ] && [ "$have" = "$want" ] || fail "dump.sql.gz does not match its sha256 in manifest.json: the artifact is corrupted, rebuild it"

echo "fixture-forge: restoring $title into database $POSTGRES_DB"
gunzip -c "$dir/dump.sql.gz" | "${psql_db[@]}" --quiet
restored=1
echo "fixture-forge: restored"
