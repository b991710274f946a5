# shield: the two commands of the README, and the rest a developer needs.
# Go on PATH, else the standard install location (a fresh machine's /usr/local/go).
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)

.PHONY: demo test bench fuzz build vet

# The main job: the built-in europe-2007 scenario end to end on the embedded defaults (stored
# in the user's data directory; shield explain RUN THREAT tells any threat's story).
demo:
	$(GO) run ./cmd/shield run europe-2007

# The whole test suite (unit, golden, example and short fuzz seeds); under 10 minutes on 2 cores.
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

build:
	$(GO) build -o shield ./cmd/shield

# Benchmarks behind the README's performance figures.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

vet:
	$(GO) vet ./...
