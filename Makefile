# shield: the two commands of the README, and the rest a developer needs.
GO ?= go

.PHONY: demo test bench fuzz build vet

# The main job: a built-in case end to end on the embedded defaults.
demo:
	$(GO) run ./cmd/shield trajectory --missile irbm --from Tehran --to Warsaw

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
