#!/usr/bin/env python3
"""The peer of `cmsched meeting list` / `--expand` / `export`: a Python script reading the same
SQLite store and doing the job with the Python libraries an admin would use (json, dateutil's
rrule, icalendar).

usage: store_peer.py DB json | expand FROM UNTIL | export      (FROM/UNTIL as 2030-01-07T00:00Z)
"""
import datetime
import json
import sqlite3
import sys
import zoneinfo

import icalendar
from dateutil import rrule


def meetings(db):
    db.row_factory = sqlite3.Row
    attendees = {}
    for row in db.execute("SELECT meetingId, email, role FROM attendee"):
        attendees.setdefault(row["meetingId"], []).append((row["email"], row["role"]))
    for row in db.execute("SELECT * FROM meeting WHERE state = 'scheduled' ORDER BY createdAt, id"):
        zone = zoneinfo.ZoneInfo(row["timeZone"])
        start = datetime.datetime.fromisoformat(row["start"]).replace(tzinfo=zone)
        yield row, start, datetime.timedelta(seconds=row["durationSeconds"]), attendees.get(row["id"], [])


def main():
    db = sqlite3.connect(sys.argv[1])
    mode = sys.argv[2]
    if mode == "json":
        out = [{"id": row["id"], "key": row["key"], "name": row["name"], "organizer": row["organizerJid"],
                "start": start.isoformat(), "end": (start + duration).isoformat(), "timeZone": row["timeZone"],
                "rrule": row["rrule"], "attendees": [{"email": e, "role": r} for e, r in people]}
               for row, start, duration, people in meetings(db)]
        json.dump(out, sys.stdout)
    elif mode == "expand":
        low = datetime.datetime.fromisoformat(sys.argv[3].replace("Z", "+00:00"))
        high = datetime.datetime.fromisoformat(sys.argv[4].replace("Z", "+00:00"))
        out = []
        for row, start, duration, _ in meetings(db):
            starts = [start]
            if row["rrule"]:
                starts = rrule.rrulestr(row["rrule"], dtstart=start).between(low - duration, high, inc=False)
            out += [{"id": row["id"], "start": s.isoformat()} for s in starts if s + duration > low and s < high]
        out.sort(key=lambda o: o["start"])
        json.dump(out, sys.stdout)
    elif mode == "export":
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//bench peer//EN")
        calendar.add("version", "2.0")
        calendar.add("method", "REQUEST")
        for row, start, duration, people in meetings(db):
            event = icalendar.Event()
            event.add("uid", row["uid"])
            event.add("sequence", row["sequence"])
            event.add("summary", row["name"])
            event.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
            event.add("dtstart", start)
            event.add("dtend", start + duration)
            if row["rrule"]:
                event.add("rrule", icalendar.vRecur.from_ical(row["rrule"]))
            event.add("organizer", "mailto:" + row["organizerJid"])
            for email, _ in people:
                event.add("attendee", "mailto:" + email)
            calendar.add_component(event)
        sys.stdout.buffer.write(calendar.to_ical())


if __name__ == "__main__":
    main()
