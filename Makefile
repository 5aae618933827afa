# workforce-emulator: the two commands a newcomer needs are `make run` and `make test` (see README.md).

SWIFT  ?= swift
PYTHON ?= python3
VENV   := .venv
BIN    := .build/release/workforce-emulator

.PHONY: run test unit sdk release venv container-check clean

## run: build (release) and start the emulator on 127.0.0.1:4599 with ./workforce-emulator.sqlite3
run: release
	$(BIN) $(ARGS)

## test: the whole suite: Swift unit and end-to-end tests, then the boto3 + AWS CLI suite against the release binary
test: unit sdk

unit:
	$(SWIFT) test

release:
	$(SWIFT) build -c release

# The SDK suite's Python packages (boto3, awscli, pytest, pinned) live in a local virtualenv.
$(VENV)/.installed: Tests/sdk/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/sdk/requirements.txt
	touch $@

venv: $(VENV)/.installed

sdk: release venv
	WORKFORCE_EMULATOR_BIN=$(CURDIR)/$(BIN) $(VENV)/bin/python -m pytest Tests/sdk

## container-check: prove the Docker image's runtime stage without a Docker engine (debootstrap + chroot; root)
container-check: venv
	bash docker/verify-runtime.sh

clean:
	rm -rf .build $(VENV)
