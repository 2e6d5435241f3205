#!/usr/bin/env python3
"""Adds the sections ArgumentParser's man pages lack, from the sources of truth: EXAMPLES (the
"Examples:" block of each command's help, moved out of DESCRIPTION), EXIT STATUS (the table of
docs/exit-codes.md) and, on cmsched.1, TIMES (the table of README.md), ENVIRONMENT (every
CMSCHED_* variable, from the configuration keys) and FILES. Usage: man-sections.py MAN_DIR CMSCHED_BINARY"""
import json
import os
import re
import subprocess
import sys

man_dir, binary = sys.argv[1], sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def exit_status():
    rows = []
    with open(os.path.join(root, "docs/exit-codes.md")) as doc:
        for line in doc:
            match = re.match(r"\| (\d+) \| ([^|]+) \| ([^|]+) \|", line)
            if match:
                rows.append((match.group(1), match.group(2).strip(), match.group(3).strip().replace("`", "")))
    out = ['.Sh "EXIT STATUS"', ".Bl -tag -width 4n"]
    for code, name, when in rows:
        out += [".It %s" % code, "%s: %s." % (name, when)]
    return out + [".El"]


def times():
    text = open(os.path.join(root, "README.md")).read()
    table = text.split("<!-- times: start -->")[1].split("<!-- times: end -->")[0]
    out = [".Sh TIMES", "Every time flag and every CSV/JSON time column takes these forms, in the meeting's zone"
           " (--tz, else meetings.time_zone, else the machine's), and refuses anything else (exit 65):",
           ".Bl -tag -width 6n"]
    for line in table.strip().split("\n")[2:]:
        form, means = [cell.strip() for cell in line.strip("|").split("|")]
        out += [".It %s" % form.replace("`", ""), means.replace("`", "") + "."]
    return out + [".El"]


def environment():
    keys = json.loads(subprocess.run([binary, "config", "show", "--format", "json"], capture_output=True, text=True,
                                     env={"HOME": "/nonexistent", "PATH": "/usr/bin:/bin"}).stdout)
    out = [".Sh ENVIRONMENT", ".Bl -tag -width 6n",
           ".It Ev CMSCHED_CONFIG", "The configuration file, when --config is not given.",
           ".It Ev CMSCHED_CALLBRIDGE_PASSWORD", "The Call Bridge API password (instead of callbridge.password_file).",
           ".It Ev CMSCHED_EMAIL_PASSWORD", "The SMTP password (instead of email.password_file).",
           ".It Ev CMSCHED_STORE_PASSWORD", "The PostgreSQL password (instead of store.password_file).",
           ".It Ev PGPASSFILE", "The PostgreSQL password file read when no other password is configured (default ~/.pgpass, mode 0600).",
           ".It Ev CMSCHED_SYSTEM_CONFIG", "The system-wide configuration file (default /etc/cmsched/config.toml).",
           ".It Ev CMSCHED_NOW", "The instant (RFC 3339) relative times (now, +2h, tomorrow 9:30) count from, instead of the clock."]
    for entry in keys:
        name = "CMSCHED_" + entry["key"].upper().replace(".", "_")
        out += [".It Ev %s" % name, "Overrides the configuration key %s." % entry["key"]]
    out += [".It Ev XDG_CONFIG_HOME", "Where the user's configuration lives (default ~/.config).",
            ".It Ev XDG_DATA_HOME", "Where the database lives by default (default ~/.local/share).",
            ".It Ev XDG_STATE_HOME", "Where this host's lock files for a PostgreSQL store live (default ~/.local/state).",
            ".El"]
    return out


FILES = """.Sh FILES
.Bl -tag -width 6n
.It Pa $XDG_CONFIG_HOME/cmsched/config.toml
The user's configuration (written by config set, mode 0600).
.It Pa /etc/cmsched/config.toml
The system's configuration, read when there is no other (written by config set --system, mode
0640, group cmsched): the daemon's, and with store.url in it, one database for the daemon and
every admin command.
.It Pa $XDG_DATA_HOME/cmsched/cmsched.sqlite
The database (mode 0600 in a 0700 folder), unless --db or store.url names another store.
.It Pa DATABASE.cleanup-run.lock , DATABASE.notify-send.lock
The job locks beside the database's real path; each names its holder. Creating meetings takes
no lock: bulk runs, single creates and serve's requests run side by side.
.It Pa DATABASE.schema-migration.lock
Held while a new database, or one a newer cmsched must migrate, is migrated, so processes
started at once migrate it once.
.It Pa DATABASE.meetings.lock
The per-meeting guards that update, delete and cleanup take (on PostgreSQL, advisory locks
in the database instead).
.It Pa $XDG_STATE_HOME/cmsched/postgres-HOST-PORT-DB.*
With a PostgreSQL store, this host's job locks and serve's state, as beside a SQLite file.
.El""".split("\n")


for name in sorted(os.listdir(man_dir)):
    if not name.endswith(".1"):
        continue
    path = os.path.join(man_dir, name)
    lines = open(path).read().split("\n")
    examples = []
    if "Examples:" in lines:
        start = lines.index("Examples:")
        end = start + 1
        while end < len(lines) and lines[end].startswith("  "):
            examples.append(lines[end].strip())
            end += 1
        del lines[start:end]
        if start > 0 and lines[start - 1] == "":
            del lines[start - 1]
    index = lines.index('.Sh "EXIT STATUS"')
    del lines[index:index + 2]
    added = []
    if examples:
        added += [".Sh EXAMPLES", ".Bd -literal -offset indent"] + examples + [".Ed"]
    if name == "cmsched.1":
        added += times() + environment() + FILES
    lines[index:index] = added + exit_status()
    open(path, "w").write("\n".join(lines))
