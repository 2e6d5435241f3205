# The two commands a newcomer runs: `make demo` and `make test` (see README.md).
.PHONY: demo test build docs deps

deps:
	scripts/install-deps

build: deps
	swift build

demo: deps
	scripts/demo

test:
	scripts/install-deps --test
	scripts/test

docs: deps
	scripts/gen-docs
