# The two commands a newcomer runs: `make demo` and `make test` (see README.md).
.PHONY: demo test build docs deps release install uninstall bench fuzz

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

# Links the Swift runtime and Foundation into the binary (see scripts/swift-build). Run it as
# yourself: Swift need not be on root's PATH (sudo's secure_path) for `sudo make install`.
release: deps
	scripts/swift-build release --product cmsched

# The built binary (stripped), the man pages and the bash, zsh and fish completions, each where
# its tools look. Builds nothing: `make release` first. `make uninstall` removes exactly these.
MANPAGES = $(notdir $(wildcard man/cmsched*.1))

install:
	@test -x $(BIN) || { echo "make install: $(BIN) is not built; run 'make release' first, as yourself (not root)" >&2; exit 1; }
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 -s $(BIN) $(BINDIR)/cmsched
	install -m 644 $(addprefix man/,$(MANPAGES)) $(MANDIR)/
	install -m 644 completions/cmsched.bash $(BASHDIR)/cmsched
	install -m 644 completions/_cmsched $(ZSHDIR)/_cmsched
	install -m 644 completions/cmsched.fish $(FISHDIR)/cmsched.fish

uninstall:
	rm -f $(BINDIR)/cmsched
	rm -f $(addprefix $(MANDIR)/,$(MANPAGES))
	rm -f $(BASHDIR)/cmsched $(ZSHDIR)/_cmsched $(FISHDIR)/cmsched.fish
	rmdir $(BASHDIR) $(ZSHDIR) $(FISHDIR) 2>/dev/null || true
