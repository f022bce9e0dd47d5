#!/usr/bin/env bash
# The init-file contract of the official postgres image, for testing without
# a Docker engine: docker_process_sql and docker_process_init_files as
# docker-library/postgres's docker-entrypoint.sh defines them, run under
# `set -Eeo pipefail` as the entrypoint is. One difference: the entrypoint
# clears PGHOST so that psql uses the container's socket; here PGHOST and
# PGPORT point at the test's own server.
# Usage: docker-entrypoint-sim.sh <initdb.d directory>
set -Eeo pipefail

docker_process_sql() {
	local query_runner=( psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc )
	if [ -n "$POSTGRES_DB" ]; then
		query_runner+=( --dbname "$POSTGRES_DB" )
	fi
	"${query_runner[@]}" "$@"
}

docker_process_init_files() {
	psql=( docker_process_sql )
	echo
	local f
	for f; do
		case "$f" in
			*.sh)
				if [ -x "$f" ]; then
					echo "$0: running $f"
					"$f"
				else
					echo "$0: sourcing $f"
					. "$f"
				fi
				;;
			*.sql)     echo "$0: running $f"; docker_process_sql -f "$f"; echo ;;
			*.sql.gz)  echo "$0: running $f"; gunzip -c "$f" | docker_process_sql; echo ;;
			*.sql.xz)  echo "$0: running $f"; xzcat "$f" | docker_process_sql; echo ;;
			*.sql.zst) echo "$0: running $f"; zstd -dc "$f" | docker_process_sql; echo ;;
			*)         echo "$0: ignoring $f" ;;
		esac
		echo
	done
}

export POSTGRES_USER="${POSTGRES_USER:-postgres}" POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
docker_process_init_files "$1"/*
