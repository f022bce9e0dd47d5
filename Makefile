# fixture-forge: the commands a newcomer types. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SEED    ?= 42
DATASET ?= retail
PROFILE ?= local
OUT     ?= dist-fixtures
FORGE   := node bin/forge.js
TESTS   := $(shell find test src generators -name '*.test.ts' 2>/dev/null | sort)

.PHONY: help setup fixtures test typecheck

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

setup: node_modules/.package-lock.json ## install what the project needs (npm ci; PostgreSQL and pytest from Debian if missing)
	@scripts/install-system-deps.sh

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

fixtures: setup ## build an artifact: make fixtures SEED=42 [DATASET=retail] [PROFILE=local]
	$(FORGE) build --dataset $(DATASET) --seed $(SEED) --profile $(PROFILE) --out $(OUT)

typecheck: setup ## tsc --noEmit
	npx tsc --noEmit -p .

test: setup typecheck ## run every test (type-check, node:test suites)
	npx tsx --test --test-reporter=spec $(TESTS)
