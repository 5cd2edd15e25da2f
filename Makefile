# techmarket: make run (the whole market with demo data on SQLite), make test (every test).
GO       ?= go
BIN      := bin/techmarket
DATA_DIR ?= ./data
ADDR     ?= 127.0.0.1:8080

.PHONY: run build frontend frontend-deps test test-go test-frontend test-browser vet api-types api-types-check bench bench-search bench-scale tune-search clean

run: build
	$(BIN) demo --data-dir $(DATA_DIR)
	$(BIN) serve --addr $(ADDR) --data-dir $(DATA_DIR)

build: frontend
	$(GO) build -o $(BIN) .

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend-deps: frontend/node_modules/.package-lock.json

frontend: frontend-deps
	cd frontend && npm run build

# The frontend is built first: the Go tests then serve it from the binary
# (the API reference's Swagger UI files among it).
test: vet build test-go test-frontend test-browser

# vet also fails when go.mod or go.sum is not tidy (go mod tidy -diff prints the diff).
vet:
	$(GO) mod tidy -diff
	$(GO) vet ./...

test-go:
	@if [ -n "$$TM_TEST_POSTGRES_URL" ]; then echo "== Go tests on SQLite and PostgreSQL ($$TM_TEST_POSTGRES_URL)"; else echo "== Go tests on SQLite only (set TM_TEST_POSTGRES_URL to add PostgreSQL)"; fi
	$(GO) test -race -count=1 -timeout 30m ./...

# The frontend's API types (frontend/src/api/schema.ts) are generated from the
# OpenAPI document that techmarket openapi prints; the check fails when the
# committed file is not what the Go types generate now.
api-types: frontend-deps
	cd frontend && GO=$(GO) npm run gen:api

api-types-check: frontend-deps
	cd frontend && GO=$(GO) npm run gen:api:check

test-frontend: frontend-deps api-types-check
	cd frontend && npm run typecheck && npm run test:unit

test-browser: build
	cd frontend && TM_BIN=$(abspath $(BIN)) npm run test:e2e

# Speed beside the naive Bleve baseline: index benchmarks, then reindex
# throughput, HTTP search latency and peak RSS at 10k and 100k achievements.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./search/
	TM_BENCH=1 $(GO) test -count=1 -run 'TestSpeedReport|TestBidSpeedReport|TestStatsSpeedReport' -v -timeout 60m ./app/

# Province scale (not part of make test; about 70 minutes on 2 cores at the full size, 4 GB of index): SCALE_ACHIEVEMENTS achievements and
# SCALE_NEEDS needs generated from the CSL titles and abstracts (TM_CSL_DIR, default ../shared/data/csl; skipped when
# absent), indexed, then served by a second process that opens the existing index. Prints the index size on disk,
# start time, search and match p50/p99 and peak RSS beside the goals. SCALE_DIR keeps the data to serve it again.
SCALE_ACHIEVEMENTS ?= 1000000
SCALE_NEEDS        ?= 300000
bench-scale:
	TM_SCALE=1 TM_SCALE_ACHIEVEMENTS=$(SCALE_ACHIEVEMENTS) TM_SCALE_NEEDS=$(SCALE_NEEDS) TM_SCALE_DIR=$(SCALE_DIR) \
	TM_CSL_DIR=$${TM_CSL_DIR:-$(abspath ../shared/data/csl)} \
	$(GO) test -count=1 -run '^TestScaleReport$$' -v -timeout 0 ./app/

# Search and matching quality on the CSL dev papers: the whole set, the judged queries per kind and the held-out
# half, each beside the naive Bleve baseline (about a minute).
bench-search:
	$(GO) test -count=1 -run 'TestSearchQuality|TestMatchQuality|TestJudgedQueries|TestHeldOutQuality' -v ./search/

# Chooses the ranking and matching parameters of the grid in search/crossval_test.go by 2-fold cross-validation
# (tune on one half of the dev papers, report the other); about five minutes. It prints, it changes nothing.
tune-search:
	TM_TUNE=1 $(GO) test -count=1 -run 'TestTuneRanking' -v -timeout 60m ./search/

clean:
	rm -rf bin frontend/dist
