# scriptc — the two commands that matter:
#   make demo   builds scriptc and compiles the example episode (Examples/pilot.fountain)
#   make test   runs the whole test suite
# Both install missing Debian packages first (scripts/install-deps.sh).

SWIFT ?= swift
CONFIG ?= release
BIN = .build/$(CONFIG)/scriptc
OUT ?= out
EXAMPLE ?= Examples/pilot.fountain

.PHONY: all deps build demo test bench clean

all: build

deps:
	@scripts/install-deps.sh

# The Swift runtime is linked statically: it halves the start-up time of `scriptc parse`.
build: deps
	$(SWIFT) build -c $(CONFIG) --static-swift-stdlib --product scriptc
	$(SWIFT) build -c $(CONFIG) --static-swift-stdlib --product scriptc-render

demo: build
	$(BIN) parse --summary $(EXAMPLE)
	$(BIN) build $(EXAMPLE) -o $(OUT)
	@echo "demo: outputs are in $(OUT)/"

test:
	@scripts/install-deps.sh --test
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing -Xswiftc -warnings-as-errors
	$(SWIFT) test -c release --skip-build
	python3 Tests/grammar/check_tmlanguage.py

bench: deps
	$(SWIFT) build -c release --product scriptc-bench --product scriptc
	.build/release/scriptc-bench parse

clean:
	rm -rf .build $(OUT)
