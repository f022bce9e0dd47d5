#!/usr/bin/env bash
# Builds the fixture-forge Postgres image for one artifact:
#   docker/build-image.sh <artifact-dir> <tag> [PG_MAJOR]
# The build context is a temp dir holding only the Dockerfile, the init
# script and the two files of the artifact the restore reads: manifest.json
# and dump.sql.gz (the CSV and JSON files stay out of the image).
set -euo pipefail
artifact=${1:?usage: build-image.sh <artifact-dir> <tag> [PG_MAJOR]}
tag=${2:?usage: build-image.sh <artifact-dir> <tag> [PG_MAJOR]}
pg_major=${3:-15}
here=$(cd "$(dirname "$0")" && pwd)

command -v docker >/dev/null || { echo "docker-image: docker is not installed on this machine; build the image where Docker runs, or use docker/compose.yaml there" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker-image: the docker command is here but no Docker engine answers (is the daemon running? DOCKER_HOST?)" >&2; exit 1; }
[ -f "$artifact/manifest.json" ] || { echo "docker-image: no artifact at $artifact" >&2; exit 1; }
[ -f "$artifact/dump.sql.gz" ] || { echo "docker-image: $artifact has no dump.sql.gz: build it with the dump format (forge build --formats csv,json,dump)" >&2; exit 1; }

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$here/Dockerfile" "$ctx/Dockerfile"
mkdir -p "$ctx/initdb"
cp "$here/initdb/10-fixture-forge.sh" "$ctx/initdb/"
mkdir -p "$ctx/artifact"
cp "$artifact/manifest.json" "$artifact/dump.sql.gz" "$ctx/artifact/"
docker build --build-arg PG_MAJOR="$pg_major" -t "$tag" "$ctx"
echo "built $tag: docker run --rm -e POSTGRES_PASSWORD=postgres -p 5432:5432 $tag"
