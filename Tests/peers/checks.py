"""What the test peers' scripts share: each check printed as it is made, failures counted."""

failures = []


def check(condition, what):
    """Prints `ok` or `FAIL` with what was checked; returns the condition."""
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def verdict():
    """The exit status: 0 when every check passed."""
    print(f"{len(failures)} failure(s)", flush=True)
    return 1 if failures else 0
