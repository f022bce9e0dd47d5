# fixture-forge: the commands a newcomer types. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SEED    ?= 42
DATASET ?= retail
PROFILE ?= local
SCENARIO ?=
CONFIG  ?=
# With CONFIG, the file's seed and profile count unless SEED/PROFILE are given explicitly.
given    = $(filter command line environment,$(origin $(1)))
CHOICES  = $(if $(CONFIG),$(if $(call given,SEED),--seed $(SEED)) $(if $(call given,PROFILE),--profile $(PROFILE)) --config $(CONFIG),--seed $(SEED) --profile $(PROFILE)) $(if $(SCENARIO),--scenario $(SCENARIO))
OUT     ?= dist-fixtures
FORGE   := node bin/forge.js
# DATABASE_URL reaches forge through the environment, never its argv: a
# password on a command line is printed by make and shown by ps.
export DATABASE_URL
TESTS   := $(shell find test src generators examples -name '*.test.ts' 2>/dev/null | sort)

.PHONY: seed-data reset-data validate-data clean-data seed-staging validate-staging clean-staging
.PHONY: help setup fixtures test typecheck lint load db-up db-down psql status bench bench-load bench-push bench-migration bench-init verify golden docker-image

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

setup: node_modules/.package-lock.json ## install what the project needs (npm ci; PostgreSQL and pytest from Debian if missing)
	@scripts/install-system-deps.sh

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

fixtures: setup ## build an artifact: make fixtures SEED=42 [DATASET=retail] [PROFILE=local] [SCENARIO=name] [CONFIG=file.yaml] [VERBOSE=1]
	$(FORGE) build --dataset $(DATASET) $(CHOICES) --out $(OUT) $(if $(VERBOSE),--verbose)

load: setup ## load an artifact (built first if missing) into DATABASE_URL or the local Postgres; CONFIRM=1 to replace, VERBOSE=1 for every step
	$(FORGE) load --dataset $(DATASET) $(CHOICES) --out $(OUT) --build $(if $(CONFIRM),--confirm) $(if $(VERBOSE),--verbose)

# Seed document 003's commands for the pms dataset: thin wrappers over forge.
# Local data goes to schema PMS_SCHEMA, staging data to STAGING_SCHEMA, of
# DATABASE_URL (STAGING_DATABASE_URL for staging) or the local Postgres; the
# URLs reach forge through the environment, like DATABASE_URL above.
PMS_SCHEMA           ?= public
STAGING_SCHEMA       ?= pms_staging
export STAGING_DATABASE_URL
PMS     = $(FORGE)
STAGING = DATABASE_URL="$${STAGING_DATABASE_URL:-$$DATABASE_URL}" $(FORGE)

seed-data: setup ## pms: build the local profile (document 003's counts) and load it; refuses to replace loaded tables
	$(PMS) load --dataset pms --profile local --seed $(SEED) --out $(OUT) --build --schema $(PMS_SCHEMA)

reset-data: setup ## pms: replace what is loaded with fresh local data, in one transaction
	$(PMS) load --dataset pms --profile local --seed $(SEED) --out $(OUT) --build --confirm --schema $(PMS_SCHEMA)

validate-data: setup ## pms: forge validate on the loaded local data (keys, tenant isolation, PHI patterns, counts)
	$(PMS) validate --online --dataset pms --schema $(PMS_SCHEMA)

clean-data: setup ## pms: drop the loaded local pms tables and their record (WARNING: destructive)
	$(PMS) delete --scope all --dataset pms --confirm --schema $(PMS_SCHEMA)

seed-staging: setup ## pms: build the staging profile and load it (replacing a previous one) into STAGING_SCHEMA
	$(STAGING) load --dataset pms --profile staging --seed $(SEED) --out $(OUT) --build --confirm --schema $(STAGING_SCHEMA)

validate-staging: setup ## pms: forge validate on the loaded staging data
	$(STAGING) validate --online --dataset pms --schema $(STAGING_SCHEMA)

clean-staging: setup ## pms: drop the staging pms tables and their record (CI/CD clean-up)
	$(STAGING) delete --scope all --dataset pms --confirm --schema $(STAGING_SCHEMA)

db-up: setup ## start the local Postgres (created under .forge/pg on first use)
	$(FORGE) db start

db-down: ## stop the local Postgres
	$(FORGE) db stop

# forge db psql hands the connection to psql in PG* variables: no URL or password in argv.
psql: setup ## open psql on DATABASE_URL or the local Postgres (started if needed)
	$(FORGE) db psql

status: setup ## what is loaded in the target database
	$(FORGE) status

bench: setup ## every benchmark in one run: build, memory, load, end to end vs baselines (bench/results/)
	npx tsx bench/run.ts

bench-load: setup ## forge load vs psql -f (tiny, local, large) and pg_restore -j 2 (large), fresh-database latency, start-up
	npx tsx bench/load.ts

bench-push: setup ## forge push throughput at --concurrency 32 against an instant API on 127.0.0.1
	npx tsx bench/push.ts

bench-migration: setup ## forge load --confirm of the migration demo (goal under 5 s), several runs
	npx tsx bench/migration.ts

bench-init: setup ## forge init's dataset for the Chinook-like schema vs drizzle-seed on the same schema
	npx tsx bench/init.ts

typecheck: setup ## tsc --noEmit
	npx tsc --noEmit -p .

lint: setup ## Biome's linter and formatter check over the sources (biome.json); `npx biome format --write` fixes the format
	npx biome check --error-on-warnings

test: setup typecheck lint ## run every test (type-check, lint, node:test suites, pytest, vitest, golden check)
	npx tsx --test --test-reporter=spec $(TESTS)
	python3 -m pytest -q clients/python
	npx vitest run --config examples/vitest/vitest.config.ts
	@$(MAKE) --no-print-directory verify

verify: setup ## the committed golden datasets still build byte for byte (forge golden check)
	$(FORGE) golden check

golden: setup ## rewrite the golden datasets in fixtures/ after a version bump (FORCE=1: the committed goldens were wrong)
	$(FORGE) golden update $(if $(FORCE),--force)

docker-image: setup ## a postgres image with an artifact baked in: make docker-image [SEED=42] [DATASET=retail] [PROFILE=local]
	@command -v docker >/dev/null || { echo "make docker-image: docker is not installed on this machine; build the image where Docker runs, or use docker/compose.yaml there (README: Docker)" >&2; exit 1; }
	dir=$$($(FORGE) build --dataset $(DATASET) --seed $(SEED) --profile $(PROFILE) --out $(OUT) --quiet) && \
	docker/build-image.sh "$$dir" fixture-forge/$(DATASET):seed-$(SEED)-$(PROFILE)
