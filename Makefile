# workforce-emulator: the two commands a newcomer needs are `make run` and `make test` (see README.md).

SWIFT  ?= swift
PYTHON ?= python3
VENV   := .venv
BIN    := .build/release/workforce-emulator

.PHONY: run test unit tsan sdk fuzz bench-tools release venv container-check bench soak clean

## run: build (release) and start the emulator on 127.0.0.1:4599 with ./workforce-emulator.sqlite3
run: release
	$(BIN) $(ARGS)

## test: the whole suite: Swift tests (plain and under ThreadSanitizer), the boto3 + AWS CLI suite against
## the release binary, the fuzzers for a bounded time, the benchmark's own server, a 60 s soak, and the
## container check
test: unit tsan sdk fuzz bench-tools soak container-check

unit:
	$(SWIFT) test

## tsan: the Swift tests again under ThreadSanitizer (own build folder): data races are bugs
tsan:
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

release:
	$(SWIFT) build -c release

## fuzz: libFuzzer + AddressSanitizer on the HTTP parser and every operation's input decoding, 60 s each
## (FUZZ_SECONDS=600 make fuzz for longer); old crashing inputs are replayed first
fuzz:
	bash Tests/Fuzz/run

## bench-tools: the benchmark's transport-only server (Tests/bench/transport, for cpu.py --transport)
## still builds and answers
bench-tools:
	$(PYTHON) Tests/bench/transport/check.py

# The SDK suite's Python packages (boto3, awscli, pytest, pinned) live in a local virtualenv.
$(VENV)/.installed: Tests/sdk/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/sdk/requirements.txt
	touch $@

venv: $(VENV)/.installed

sdk: release venv
	WORKFORCE_EMULATOR_BIN=$(CURDIR)/$(BIN) $(VENV)/bin/python -m pytest Tests/sdk

# podman-compose (pinned in docker/requirements.txt), in the same virtualenv, for the check's compose half.
$(VENV)/.container-installed: $(VENV)/.installed docker/requirements.txt
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r docker/requirements.txt
	touch $@

## container-check: build docker/Dockerfile with Podman and run the image as users do (-p, a named volume,
## health, boto3, stop, restart on the same volume), then docker/compose.yaml with podman-compose (root;
## .ci/run installs the engine)
container-check: venv $(VENV)/.container-installed
	bash docker/container-check.sh

## soak: mixed API load in 50 namespaces with RSS, descriptors and database size sampled (flat after
## warm-up), then 1,000 slow 1 MiB uploads (peak RSS, RSS after). SOAK_SECONDS=600 make soak for the long run.
SOAK_SECONDS  ?= 60
SOAK_INTERVAL ?= $(if $(filter 60,$(SOAK_SECONDS)),10,60)
soak: release
	$(PYTHON) Tests/soak/soak.py soak --seconds $(SOAK_SECONDS) --interval $(SOAK_INTERVAL)
	$(PYTHON) Tests/soak/soak.py bodies --connections 1000

## bench: throughput, latency, start-up and memory, side by side with moto and nginx (Tests/bench/run)
bench: release
	bash Tests/bench/run

clean:
	rm -rf .build $(VENV)
