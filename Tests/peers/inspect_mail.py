#!/usr/bin/env python3
"""Parses the .eml files in a folder with Python's email package and the icalendar library and
prints what cmsched's tests check, as JSON: headers, the MIME tree, bodies, the calendar."""
import email
import email.policy
import json
import os
import sys

import icalendar


def tree(part):
    if part.is_multipart():
        return {"type": part.get_content_type(), "parts": [tree(p) for p in part.iter_parts()]}
    return {"type": part.get_content_type(), "params": dict(part.get_params() or [])}


def calendar_of(part):
    cal = icalendar.Calendar.from_ical(part.get_content())
    events = []
    for event in cal.walk("VEVENT"):
        start = event.get("DTSTART")
        rid = event.get("RECURRENCE-ID")
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        events.append({
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "dtstart": start.dt.isoformat() if start else None,
            "tzid": start.params.get("TZID") if start else None,
            "rrule": event.get("RRULE").to_ical().decode() if event.get("RRULE") else None,
            "recurrenceId": rid.dt.isoformat() if rid else None,
            "organizer": str(event.get("ORGANIZER", "")),
            "organizerCN": str(event.get("ORGANIZER").params.get("CN", "")) if event.get("ORGANIZER") else None,
            "attendees": [str(a) for a in attendees],
            "attendeeParams": [dict(a.params) for a in attendees],
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
        })
    return {
        "method": str(cal.get("METHOD")),
        "prodid": str(cal.get("PRODID")),
        "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
        "events": events,
    }


def main(folder):
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(folder, name), "rb") as handle:
            raw = handle.read()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = html = calendar = None
        calendar_type = None
        attachments = []
        for part in message.walk():
            if part.get_content_disposition() == "attachment":
                attachments.append({"type": part.get_content_type(), "filename": part.get_filename()})
                continue
            kind = part.get_content_type()
            if kind == "text/plain":
                text = part.get_content()
            elif kind == "text/html":
                html = part.get_content()
            elif kind == "text/calendar":
                calendar = calendar_of(part)
                calendar_type = {"method": part.get_param("method"), "charset": part.get_param("charset")}
        out.append({
            "file": name,
            "crlf": b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""),
            "messageId": message["Message-ID"],
            "from": message["From"],
            "replyTo": message["Reply-To"],
            "attachments": attachments,
            "to": message["To"],
            "subject": str(message["Subject"]),
            "date": message["Date"],
            "mime": tree(message),
            "text": text,
            "html": html,
            "calendarType": calendar_type,
            "calendar": calendar,
        })
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
