#!/usr/bin/env python3
"""`make bench`: every scenario of issue 13, each against its peer and its floor in the same run,
with medians and peak RSS; prints a Markdown section for bench/RESULTS.md.

usage: bench/run.py BIN_DIR [--quick]   (BIN_DIR holds the release cmsched and cms-sim)
"""
import csv
import datetime
import os
import platform
import shutil
import sqlite3
import statistics
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1])
QUICK = "--quick" in sys.argv
REPEATS = 1 if QUICK else 3
PEERS = os.path.join(ROOT, "bench", "peers")
USER, PASSWORD = "schedapi", "cms-sim-api-password"


def run(command, env=None, stdout=subprocess.DEVNULL, stdin=None, cpu=None):
    """Runs a command; returns (seconds, peak RSS in MiB), and appends the CPU seconds it used to
    the list `cpu` when given."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=stdout, stderr=subprocess.PIPE, stdin=stdin)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}: {error.strip()[-800:]}")
    return seconds, usage.ru_maxrss / 1024


class Sim:
    def __init__(self, latency_ms=0):
        self.out = tempfile.NamedTemporaryFile("w+", delete=False)
        self.process = subprocess.Popen(
            [os.path.join(BIN, "cms-sim"), "--port", "0", "--seed", os.path.join(ROOT, "examples", "cms-sim-seed.json"),
             "--latency-ms", str(latency_ms), "--web-bridges", "0"],
            stdout=self.out, stderr=subprocess.DEVNULL)
        for _ in range(200):
            self.out.seek(0)
            lines = [line.split() for line in self.out.read().splitlines()]
            urls = [parts[1] for parts in lines if parts and parts[0] == "api"]
            if urls:
                self.url = urls[0]
                return
            time.sleep(0.05)
        raise SystemExit("cms-sim did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()
        os.unlink(self.out.name)


class Home:
    """A fresh configuration and data folder for cmsched."""

    def __init__(self, sim, concurrency=4, extra=None):
        self.dir = tempfile.mkdtemp(prefix="cmsched-bench-")
        self.env = dict(os.environ, XDG_CONFIG_HOME=f"{self.dir}/config", XDG_DATA_HOME=f"{self.dir}/data",
                        CMSCHED_CALLBRIDGE_URL=sim.url if sim else "http://127.0.0.1:9", CMSCHED_CALLBRIDGE_USER=USER,
                        CMSCHED_CALLBRIDGE_PASSWORD=PASSWORD, CMSCHED_CALLBRIDGE_CONCURRENCY=str(concurrency), **(extra or {}))
        self.db = f"{self.dir}/data/cmsched/cmsched.sqlite"

    def cmsched(self, *args, stdout=subprocess.DEVNULL, cpu=None):
        return run([os.path.join(BIN, "cmsched"), *args], env=self.env, stdout=stdout, cpu=cpu)

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


FIRST = datetime.datetime(2030, 1, 7, 9, 0)


def write_csv(path, count, prefix="bench", spread=True):
    """COUNT meetings spread over a year (one every 52 minutes); every tenth a weekly series of 10."""
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["key", "name", "start", "duration", "tz", "template", "organizer", "attendees", "repeat", "count"])
        for i in range(count):
            start = FIRST + datetime.timedelta(minutes=52 * i) if spread else FIRST
            series = i % 10 == 0
            writer.writerow([f"{prefix}-{i}", f"Bench {i}", start.strftime("%Y-%m-%dT%H:%M"), "45m", "Europe/Berlin",
                             "CoSpaceTemp-Scheduler", "saiacano@s.com", "gogi@s.com",
                             "weekly" if series else "", "10" if series else ""])


def median(values):
    return statistics.median(values)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# MARK: scenarios

def cold_start():
    home = Home(None)  # nothing here asks the Call Bridge
    results = {}
    for label, command in [
        ("`cmsched --version`", [os.path.join(BIN, "cmsched"), "--version"]),
        ("`cmsched meeting list` (empty store)", [os.path.join(BIN, "cmsched"), "meeting", "list"]),
        ("peer: `python3 -c 'import requests, xmltodict'`", [sys.executable, "-c", "import requests, xmltodict"]),
    ]:
        runs = [run(command, env=home.env) for _ in range(10)]
        results[label] = (median([r[0] for r in runs]), max(r[1] for r in runs))
    home.remove()
    peer = results["peer: `python3 -c 'import requests, xmltodict'`"][0]
    rows = [(label, f"{seconds * 1000:.1f} ms", f"{peer / seconds:.1f}×" if "peer" not in label else "", f"{rss:.0f} MiB")
            for label, (seconds, rss) in results.items()]
    return "### Cold start (median of 10)\n\n" + table(["command", "time", "peer / cmsched", "peak RSS"], rows)


def bulk_once(kind, latency, concurrency, count):
    """One fresh simulator; returns (meetings per second, peak RSS MiB)."""
    sim = Sim(latency)
    work = tempfile.mkdtemp(prefix="bench-bulk-")
    try:
        path = f"{work}/rows.csv"
        write_csv(path, count, spread=False)
        if kind == "cmsched":
            home = Home(sim, concurrency)
            seconds, rss = home.cmsched("meeting", "create", "--input", path, "--quiet")
            home.remove()
        elif kind == "peer":
            seconds, rss = run([sys.executable, f"{PEERS}/bulk_peer.py", sim.url, USER, PASSWORD, path, str(concurrency)])
        else:
            seconds, rss = run([sys.executable, f"{PEERS}/floor.py", sim.url, USER, PASSWORD, str(count), str(count), str(concurrency)])
        return count / seconds, rss
    finally:
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)


def bulk():
    rows = []
    goals = []
    for latency, count in [(0, 200 if QUICK else 500), (10, 100 if QUICK else 200)]:
        peer_rates = {workers: median([bulk_once("peer", latency, workers, count)[0] for _ in range(REPEATS)]) for workers in (1, 4)}
        for concurrency in (1, 4, 16):
            ours = [bulk_once("cmsched", latency, concurrency, count) for _ in range(REPEATS)]
            rate, rss = median([r[0] for r in ours]), max(r[1] for r in ours)
            floor = median([bulk_once("floor", latency, concurrency, count)[0] for _ in range(REPEATS)])
            rows.append((f"{latency} ms", concurrency, count, f"{rate:.0f}/s", f"{floor:.0f}/s", f"{rate / floor:.2f}",
                         f"{peer_rates[1]:.0f}/s", f"{rate / peer_rates[1]:.1f}×",
                         f"{peer_rates[4]:.0f}/s", f"{rate / peer_rates[4]:.1f}×", f"{rss:.0f} MiB"))
            goals.append(("floor", latency, concurrency, rate / floor))
            if latency == 10 and concurrency == 4:
                goals.append(("peer", latency, concurrency, rate / peer_rates[1]))
    text = ("### Bulk create (fresh cms-sim per run; medians of %d)\n\n" % REPEATS
            + "cmsched `meeting create --input rows.csv` at `callbridge.concurrency` N; the raw floor is "
            "`bench/peers/floor.py` (the four POSTs of a meeting, keep-alive, no logic) with N processes; the peer is "
            "`bench/peers/bulk_peer.py` (requests + xmltodict, one session), sequential and as 4 processes.\n\n"
            + table(["latency", "N", "rows", "cmsched", "floor (N)", "cmsched / floor", "peer ×1", "cmsched / peer ×1",
                     "peer ×4", "cmsched / peer ×4", "cmsched peak RSS"], rows))
    return text, goals


def cpu_seconds(pid):
    """User and system CPU a process has used so far, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def child_cmsched():
    """The pid of this script's running cmsched child, or None."""
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                name, rest = stat.read().split(")", 1)
            if name.endswith("(cmsched") and int(rest.split()[1]) == os.getpid():
                return int(entry)
        except (OSError, ValueError, IndexError):
            continue
    return None


class CountWatcher(threading.Thread):
    """Polls the store for scheduled meetings; notes when each thousand was reached, and how much
    CPU cmsched and the simulator had used by then: the work per row, beside the wall time (the
    host's other load moves it too, since a shared core runs slower)."""

    def __init__(self, db, sim):
        super().__init__(daemon=True)
        self.db, self.sim, self.marks, self.cpu, self.stop = db, sim, {}, {}, False
        self.sim_start = cpu_seconds(sim.process.pid) or 0.0

    def run(self):
        started = time.perf_counter()
        pid = None
        while not self.stop:
            pid = pid or child_cmsched()
            try:
                with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=1) as connection:
                    count = connection.execute("SELECT count(*) FROM meeting WHERE state = 'scheduled'").fetchone()[0]
                cmsched, sim = (cpu_seconds(pid) if pid else None), cpu_seconds(self.sim.process.pid)
                for mark in range(1000, count + 1, 1000):
                    if mark not in self.marks:
                        self.marks[mark] = time.perf_counter() - started
                        if cmsched is not None and sim is not None:
                            self.cpu[mark] = cmsched + sim - self.sim_start
            except sqlite3.Error:
                pass
            time.sleep(0.05)

    def cpu_per_block(self, count, cmsched_total):
        """CPU seconds (cmsched and cms-sim) each thousand took, None where a mark was missed. The
        run's end (often after cmsched is gone from /proc) is taken from its total."""
        if count not in self.cpu and (sim := cpu_seconds(self.sim.process.pid)) is not None:
            self.cpu[count] = cmsched_total + sim - self.sim_start
        marks = [self.cpu.get(m) for m in range(1000, count + 1, 1000)]
        return [b - a if a is not None and b is not None else None for a, b in zip([0.0] + marks[:-1], marks)]


def big_store():
    count = 2000 if QUICK else 10_000
    sim = Sim()
    home = Home(sim)
    path = f"{home.dir}/rows.csv"
    write_csv(path, count)
    watcher = CountWatcher(home.db, sim)
    watcher.start()
    total = []
    seconds, rss = home.cmsched("meeting", "create", "--input", path, "--quiet", cpu=total)
    time.sleep(0.1)
    watcher.stop = True
    watcher.join()
    marks = [watcher.marks.get(m) for m in range(1000, count + 1, 1000)]
    first = 1000 / marks[0] if marks[0] else float("nan")
    last = 1000 / (marks[-1] - marks[-2]) if len(marks) > 1 and marks[-1] and marks[-2] else float("nan")
    # Every thousand's rate, so a trend can be told from the spread between neighbouring blocks.
    blocks = [f"{1000 / (b - a):.0f}" if a is not None and b is not None and b > a else "?"
              for a, b in zip([0.0] + marks[:-1], marks)]
    cpu = watcher.cpu_per_block(count, total[0])
    cpu_ratio = cpu[0] / cpu[-1] if cpu[0] and cpu[-1] else float("nan")
    bulk_text = ("### Bulk run of %d rows (one run, concurrency 4, no latency)\n\n" % count
                 + table(["measure", "value", "goal"], [
                     ("rate overall", f"{count / seconds:.0f} meetings/s ({seconds:.1f} s)", ""),
                     ("first 1,000 / last 1,000 rows", f"{first:.0f}/s / {last:.0f}/s (last ÷ first {last / first:.2f})", "last no slower"),
                     ("each 1,000 in turn (meetings/s)", " ".join(blocks), ""),
                     ("CPU of cmsched and cms-sim for each 1,000 (s)", " ".join("?" if c is None else f"{c:.2f}" for c in cpu)
                      + f" (first ÷ last {cpu_ratio:.2f})", ""),
                     ("peak RSS", f"{rss:.0f} MiB", "< 60 MB")]))
    goals = [("rss", rss), ("blocks", first, last)]
    # Reads of the store just filled.
    out = tempfile.mkdtemp()
    reads = []
    week_list, week_expand = week_reads()
    for label, args, peer in [
        week_list,
        ("`meeting list --format json` (all)", ["meeting", "list", "--format", "json"], ["json"]),
        week_expand,
        ("`meeting export --all`", ["meeting", "export", "--all", "--out", f"{out}/all.ics"], ["export"]),
    ]:
        row, ours = timed_read(home, label, args, peer)
        reads.append(row)
        goals.append(("read", label, ours))
    shutil.rmtree(out, ignore_errors=True)
    commands = {label: seconds for _, label, seconds in [g for g in goals if g[0] == "read"]}
    paths_text = fast_paths(home.db, commands)
    outbox = outbox_drain(home)
    home.remove()
    sim.stop()
    reads_text = ("### Store reads on those %d meetings (median of %d, the writes before flushed; peer: `bench/peers/store_peer.py`, "
                  "Python sqlite3 + json / dateutil / icalendar on the same database, median of 3)\n\n" % (count, READ_RUNS)
                  + table(READS_HEADER, reads))
    return bulk_text + "\n\n" + reads_text + "\n\n" + paths_text + "\n\n" + outbox[0], goals + outbox[1]


# Each fast path and the command it serves (a label of the reads above).
FAST_PATHS = {
    "columns by position": "`meeting list --format json` (all)",
    "times read": "`meeting list --format json` (all)",
    "JSON written byte by byte": "`meeting list --format json` (all)",
    "left for exit": "`meeting list --format json` (all)",
    "migration ledger": "`meeting list --from --until` (one week)",
    "plain rules counted": "`meeting list --from --until` (one week)",
}
WORTH = 0.02


def fast_paths(db, commands):
    """Each fast path alone against its general path (bench/fastpaths, on the store just filled),
    and what it saves as a share of the command it serves, measured above in this run."""
    tool = os.path.join(BIN, "fastpaths-bench")
    result = subprocess.run([tool, db, *WEEK], capture_output=True, text=True, check=True).stdout
    lines = [line.split("\t") for line in result.splitlines()]
    ledger = {"fast": [], "general": []}
    for _ in range(7):
        for kind in ledger:
            ledger[kind].append(float(subprocess.run([tool, "--ledger", kind, db], capture_output=True, text=True, check=True).stdout))
    lines.append(["migration ledger", f"{median(ledger['fast'])}", f"{median(ledger['general'])}", "1"])
    rows = []
    for name, fast, general, _ in lines:
        fast, general = float(fast), float(general)
        command = FAST_PATHS[name]
        share = (general - fast) / (commands[command] * 1000)
        rows.append((name, f"{fast:.2f} ms", f"{general:.2f} ms", f"{general / fast:.1f}×" if fast > 0 else "—",
                     f"{general - fast:.2f} ms", f"{share * 100:.1f} % of {command}",
                     "worth it" if share >= WORTH else "**not worth it**"))
    return ("### Fast paths alone (`fastpaths-bench` on those meetings; median of 5, the migration ledger of 7 fresh processes each)\n\n"
            f"Each hand-written path against the general path it replaced, on the same values, in turn; worth it when it saves at least {WORTH * 100:.0f} % "
            "of the command it serves, as that command took above.\n\n"
            + table(["fast path", "fast", "general", "general ÷ fast", "saved", "share", "verdict"], rows))


def standing_series(counted=False):
    """Series that have run for years (daily, weekly, monthly stand-ups begun in January 2026), one
    week of June 2030 listed: the cost of a series must not grow with its age. Open-ended, or
    `counted`: each with a COUNT that ends it after that week (libical cannot start a COUNT part-way)."""
    count = 100 if QUICK else 500
    sim = Sim()
    home = Home(sim)
    path = f"{home.dir}/rows.csv"
    # Each past the week listed and within the five years a series with an end may run (issue 29).
    counts = {"daily": 1700, "weekly": 250, "monthly": 60}
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["key", "name", "start", "duration", "tz", "template", "organizer", "attendees", "repeat", "count"])
        for i in range(count):
            repeat = ["daily", "weekly", "weekly", "monthly"][i % 4]
            writer.writerow([f"standing-{i}", f"Standing {i}", f"2026-01-{5 + i % 20:02d}T{8 + i % 9:02d}:00", "30m",
                             "Europe/Berlin", "CoSpaceTemp-Scheduler", "saiacano@s.com", "gogi@s.com", repeat,
                             counts[repeat] if counted else ""])
    home.cmsched("meeting", "create", "--input", path, "--quiet")
    sim.stop()
    rows = [timed_read(home, *read)[0] for read in week_reads()]
    home.remove()
    kind = "series with a COUNT (daily 1,700, weekly 250, monthly 60)" if counted else "open-ended series"
    return ("### Standing series: %d %s begun in January 2026, one week of June 2030 listed "
            "(median of %d, the writes before flushed; peer as above, median of 3)\n\n" % (count, kind, READ_RUNS) + table(READS_HEADER, rows))


WEEK = ("2030-06-03T00:00:00Z", "2030-06-10T00:00:00Z")
# How many times each store read is timed (its median is kept).
READ_RUNS = 9
READS_HEADER = ["command", "cmsched", "cmsched peak RSS", "peer", "peer / cmsched"]


def week_reads():
    """The one-week listing and expansion: (label, cmsched arguments, store_peer.py arguments or None)."""
    return [
        ("`meeting list --from --until` (one week)", ["meeting", "list", "--from", WEEK[0], "--until", WEEK[1], "--format", "json"], None),
        ("`meeting list --expand` (one week)", ["meeting", "list", "--expand", "--from", WEEK[0], "--until", WEEK[1], "--format", "json"], ["expand", *WEEK]),
    ]


def timed_read(home, label, args, peer):
    """A read command, median of READ_RUNS, against its peer (median of 3) when it has one: (table row, seconds).
    The bulk run's writes are flushed first: a read timed while the kernel still wrote 30 MB of
    them back measured that too (in one run the one-week list, read first, took 29 ms, and the
    heavier `--expand` of the same week read after it 27 ms)."""
    os.sync()
    runs = [home.cmsched(*args) for _ in range(READ_RUNS)]
    ours = median([r[0] for r in runs])
    peer_time = median([run([sys.executable, f"{PEERS}/store_peer.py", home.db, *peer])[0] for _ in range(3)]) if peer else None
    return (label, f"{ours * 1000:.0f} ms", f"{max(r[1] for r in runs):.0f} MiB",
            f"{peer_time * 1000:.0f} ms" if peer else "—", f"{peer_time / ours:.1f}×" if peer else "—"), ours


def outbox_drain(home):
    """Queues 1,000 invitations and drains them to a loopback aiosmtpd server."""
    server = subprocess.Popen([sys.executable, f"{PEERS}/smtp_sink.py"], stdout=subprocess.PIPE, text=True)
    port = server.stdout.readline().strip()
    home.env.update(CMSCHED_EMAIL_SERVER="127.0.0.1", CMSCHED_EMAIL_PORT=port, CMSCHED_EMAIL_STARTTLS="disable",
                    CMSCHED_EMAIL_FROM="scheduler@s.com")
    with sqlite3.connect(home.db) as connection:
        # The bulk run queued two notices per meeting; send only the first 1,000 now.
        connection.execute("UPDATE outbox SET state = 'sent' WHERE id NOT IN (SELECT id FROM outbox ORDER BY id LIMIT 1000)")
        queued = connection.execute("SELECT count(*) FROM outbox WHERE state = 'queued'").fetchone()[0]
    seconds, rss = home.cmsched("notify", "send", "--quiet")
    server.terminate()
    received = int(server.communicate()[0].strip() or 0)
    rate = queued / seconds
    text = ("### Outbox drain (`notify send`, %d invitations to a loopback aiosmtpd server)\n\n" % queued
            + table(["measure", "value", "goal"], [
                ("messages/s", f"{rate:.0f} ({seconds:.2f} s; the server received {received})", "≥ 500/s"),
                ("peak RSS", f"{rss:.0f} MiB", "")]))
    return text, [("outbox", rate)]


def store_engines():
    """bench/store-engines (SQLite against PostgreSQL, a server started by it): its report, and
    the issue 28 goals read from it."""
    sizes = ["200", "1000", "1"] if QUICK else ["1000", "10000", "5"]
    report = subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), "store-engines"), *sizes],
                            env=dict(os.environ, BENCH_CONFIG="release"), capture_output=True, text=True, check=True).stdout
    goals = []
    rate = re.search(r"latency 10 ms: .* PostgreSQL/SQLite rate ([0-9.]+)", report)
    if rate:
        value = float(rate.group(1))
        goals.append(("PostgreSQL bulk create at 10 ms ≥ 80 % of SQLite's rate", f"{value:.2f}", "met" if value >= 0.8 else "**not met**"))
    for label in ("full JSON list", "one-week list"):
        found = re.search(label + r": .* PostgreSQL/SQLite ([0-9.]+)", report)
        if found:
            value = float(found.group(1))
            goals.append((f"PostgreSQL {label} within 2× of SQLite", f"{value:.2f}×", "met" if value <= 2 else "**not met**"))
    return "### Store engines (`bench/store-engines`)\n\n```\n" + report.strip() + "\n```", goals


def main():
    started = time.time()
    sections = [cold_start()]
    bulk_text, bulk_goals = bulk()
    sections.append(bulk_text)
    store_text, store_goals = big_store()
    sections.append(store_text)
    sections.append(standing_series())
    sections.append(standing_series(counted=True))
    engines_text, engines_goals = store_engines()
    sections.append(engines_text)
    goals = bulk_goals + store_goals
    verdict = []
    floor = [g for g in goals if g[0] == "floor"]
    worst = min(floor, key=lambda g: g[3])
    verdict.append(("bulk create ≥ 90 % of the raw floor at every latency and N",
                    f"lowest {worst[3]:.2f} ({worst[1]} ms, N={worst[2]})", "met" if worst[3] >= 0.9 else "**not met**"))
    peer = next(g for g in goals if g[0] == "peer")
    verdict.append(("10 ms, default N (4): ≥ 5× the sequential peer", f"{peer[3]:.1f}×", "met" if peer[3] >= 5 else "**not met**"))
    limits = {"`meeting list --from --until` (one week)": 0.025, "`meeting list --format json` (all)": 0.150, "`meeting export --all`": 0.5}
    for _, label, seconds in [g for g in goals if g[0] == "read"]:
        if label in limits:
            verdict.append((f"{label} < {limits[label] * 1000:.0f} ms", f"{seconds * 1000:.0f} ms",
                            "met" if seconds < limits[label] else "**not met**"))
    rss = next(g for g in goals if g[0] == "rss")[1]
    verdict.append(("bulk run peak RSS < 60 MB", f"{rss:.0f} MiB", "met" if rss * 1.048576 < 60 else "**not met**"))
    _, first, last = next(g for g in goals if g[0] == "blocks")
    verdict.append(("last 1,000 rows no slower than the first", f"{last / first:.2f}", "met" if last >= first * 0.95 else "**not met**"))
    outbox = next(g for g in goals if g[0] == "outbox")[1]
    verdict.append(("outbox drain ≥ 500 messages/s", f"{outbox:.0f}/s", "met" if outbox >= 500 else "**not met**"))
    verdict += engines_goals
    header = (f"## make bench\n\nRun {datetime.date.today()} on this machine: {os.cpu_count()} cores, "
              f"{platform.platform()}, release build; `make bench` ({'--quick, ' if QUICK else ''}{time.time() - started:.0f} s). "
              "Ratios come from one run: each scenario and its peer and floor ran one after the other.\n\n"
              "### Goals\n\n" + table(["goal", "measured", "verdict"], verdict))
    print(header + "\n\n" + "\n\n".join(sections))


if __name__ == "__main__":
    main()
