#!/usr/bin/env bash
# A container start of the official postgres image, for testing without a
# Docker engine, as docker-library/postgres's docker-entrypoint.sh does it
# (run as the postgres user, under `set -Eeo pipefail`):
#   - the data directory counts as initialised when $PGDATA/PG_VERSION is non-empty;
#   - if it is not: initdb, a temporary server listening on no address
#     (socket only), CREATE DATABASE $POSTGRES_DB, the files of the initdb.d
#     directory in sorted order (docker_process_init_files, verbatim), and
#     the temporary server's stop;
#   - then the real server: here started with pg_ctl on 127.0.0.1 (a
#     container's server listens on its network) and left running for the
#     test, which stops it.
# Differences: the socket lives in $PGHOST (the image's is /var/run/postgresql)
# and the port is $PGPORT; authentication is trust.
# Usage: docker-entrypoint-sim.sh <initdb.d directory>   (env: PGDATA, PGHOST, PGPORT, POSTGRES_DB)
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

docker_temp_server_start() {
	set -- -c listen_addresses='' -p "$PGPORT" -k "$PGHOST"
	PGUSER="${PGUSER:-$POSTGRES_USER}" pg_ctl -D "$PGDATA" -o "$(printf '%q ' "$@")" -w start -l "$PGDATA.log"
}

docker_temp_server_stop() {
	PGUSER="${PGUSER:-postgres}" pg_ctl -D "$PGDATA" -m fast -w stop
}

docker_setup_db() {
	if [ "$POSTGRES_DB" != 'postgres' ]; then
		POSTGRES_DB= docker_process_sql --dbname postgres --set db="$POSTGRES_DB" <<-'EOSQL'
			CREATE DATABASE :"db" ;
		EOSQL
	fi
}

export POSTGRES_USER="${POSTGRES_USER:-postgres}" POSTGRES_DB="${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"
DATABASE_ALREADY_EXISTS=
if [ -s "$PGDATA/PG_VERSION" ]; then
	DATABASE_ALREADY_EXISTS='true'
fi
if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
	initdb --username="$POSTGRES_USER" --auth=trust -D "$PGDATA" >/dev/null
	docker_temp_server_start
	docker_setup_db
	docker_process_init_files "$1"/*
	docker_temp_server_stop
	echo 'PostgreSQL init process complete; ready for start up.'
else
	echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
fi
pg_ctl -D "$PGDATA" -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGHOST" -w start -l "$PGDATA.log"
