# The two commands a newcomer runs: `make demo` and `make test` (see README.md).
.PHONY: demo test build docs deps release install install-files uninstall bench fuzz

PREFIX ?= /usr/local
BIN ?= .build/release/cmsched
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

deps:
	scripts/install-deps

build: deps
	swift build

demo: deps
	scripts/demo

test:
	scripts/install-deps --test
	scripts/test

# Each libFuzzer target of Fuzz/ for 5 minutes (README "Fuzzing"; CI runs each for 20 s).
fuzz: deps
	scripts/fuzz 300

# Every benchmark scenario against its peer and floor; writes bench/RESULTS.md (see README).
bench: deps
	scripts/install-deps --bench
	bench/make-bench

docs: deps
	scripts/gen-docs

# Links the Swift runtime and Foundation into the binary (see scripts/swift-build).
release: deps
	scripts/swift-build release --product cmsched

# The binary, the man pages and the bash, zsh and fish completions, each where its tools look.
install: release install-files

install-files:
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BIN) $(BINDIR)/cmsched
	install -m 644 man/*.1 $(MANDIR)/
	install -m 644 completions/cmsched.bash $(BASHDIR)/cmsched
	install -m 644 completions/_cmsched $(ZSHDIR)/_cmsched
	install -m 644 completions/cmsched.fish $(FISHDIR)/cmsched.fish

uninstall:
	rm -f $(BINDIR)/cmsched
	rm -f $(MANDIR)/cmsched.1 $(MANDIR)/cmsched.*.1
	rm -f $(BASHDIR)/cmsched $(ZSHDIR)/_cmsched $(FISHDIR)/cmsched.fish
