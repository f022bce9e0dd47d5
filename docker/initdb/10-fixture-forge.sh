#!/usr/bin/env bash
# fixture-forge: restore a compiled artifact on a Postgres container's first
# start. The official image runs this from /docker-entrypoint-initdb.d (it is
# executable, so it is run, not sourced) with POSTGRES_USER and POSTGRES_DB
# set and the temporary server up. Any failure stops the container's first
# start with a message that says what is wrong: a corrupted artifact is never
# half restored.
set -Eeuo pipefail

dir="${FORGE_ARTIFACT_DIR:-/forge-artifact}"
fail() {
  echo "fixture-forge: $*" >&2
  exit 1
}

[ -f "$dir/manifest.json" ] || fail "no artifact at $dir (manifest.json missing): COPY one there (docker/Dockerfile) or mount one (docker/compose.yaml)"
[ -f "$dir/SHA256SUMS" ] || fail "$dir/SHA256SUMS is missing: rebuild the artifact with this version of fixture-forge"

# The manifest vouches for SHA256SUMS, which vouches for every other file.
want=$(grep -A1 '"path": "SHA256SUMS"' "$dir/manifest.json" | sed -n 's/.*"sha256": "\([0-9a-f]\{64\}\)".*/\1/p')
have=$(sha256sum "$dir/SHA256SUMS" | cut -d' ' -f1)
[ -n "$want" ] && [ "$want" = "$have" ] || fail "SHA256SUMS does not match manifest.json: the artifact is corrupted, rebuild it"
(cd "$dir" && sha256sum --check --quiet --strict SHA256SUMS) >&2 || fail "a file of the artifact does not match its sha256 (listed above): the artifact is corrupted, rebuild it"
[ -f "$dir/dump.sql.gz" ] || fail "the artifact has no dump.sql.gz: build it with the dump format"

# head closes the pipe early: gunzip's SIGPIPE is expected here.
title=$(gunzip -c "$dir/dump.sql.gz" | head -n 1 || true)
echo "fixture-forge: restoring ${title#-- fixture-forge dump of } into database ${POSTGRES_DB}"
gunzip -c "$dir/dump.sql.gz" | psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" --quiet
echo "fixture-forge: restored"
