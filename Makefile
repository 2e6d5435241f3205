# The two commands a newcomer runs: `make demo` and `make test` (see README.md).
.PHONY: demo test build docs deps

deps:
	scripts/install-deps

build: deps
	swift build

demo: deps
	scripts/demo

test: deps
	swift build
	swift test
	scripts/gen-docs --check

docs: deps
	scripts/gen-docs
