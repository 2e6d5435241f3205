import Foundation

/// Builds the email for one outbox row: multipart/mixed holding multipart/alternative (text and
/// HTML, times in the meeting's zone, the recipient's join details) and the iTIP calendar.
public struct InvitationComposer: Sendable {
    public let from: String
    public let writer: ICalendarWriter

    public init(from: String, writer: ICalendarWriter) {
        self.from = from
        self.writer = writer
    }

    /// The administrator's invitation text for the recipient's role, when the Call Bridge has one.
    public typealias CallBridgeText = (subject: String?, text: String)

    /// The whole message, CRLF line ends, ready for SMTP. `first` is true when no invitation to
    /// this meeting has reached the recipient yet (its subject then says "Invitation").
    public func message(
        for entry: OutboxEntry, meeting: Meeting, callBridgeText: CallBridgeText?, first: Bool = true, now: Date
    ) -> String {
        let occurrence = entry.recurrenceId.flatMap { LocalDateTime(iso: $0) }
        let isCancel = entry.method == Notice.Method.cancel.rawValue
        var meeting = meeting
        meeting.sequence = entry.sequence
        let audience = ICalendarWriter.Audience.recipient(entry.recipient)
        let calendar = isCancel
            ? writer.cancel(meeting, occurrence: occurrence, stamp: now, audience: audience)
            : writer.request([meeting], stamp: now, audience: audience)
        let text = plainText(entry: entry, meeting: meeting, occurrence: occurrence, isCancel: isCancel, callBridgeText: callBridgeText)
        let html = "<!DOCTYPE html><html><body><pre style=\"font-family: sans-serif\">"
            + Self.escapeHTML(text) + "</pre></body></html>"
        // As calendar servers send it, so mail clients show Accept/Decline: the calendar inline in
        // the alternative, and the same calendar again as an attachment.
        var headers = [
            ("From", HeaderEncoding.mailbox(name: meeting.organizerName ?? "Meeting scheduler", address: from)),
            ("To", HeaderEncoding.mailbox(name: nil, address: entry.recipient)),
        ]
        if let organizer = meeting.organizerEmail, EmailAddress.isValid(organizer) {
            headers.append(("Reply-To", HeaderEncoding.mailbox(name: meeting.organizerName, address: organizer)))
        }
        headers += [
            ("Subject", HeaderEncoding.encode(subject(meeting: meeting, occurrence: occurrence, isCancel: isCancel, first: first))),
            ("Date", HeaderEncoding.date(now)),
            ("Message-ID", entry.messageId),
            ("MIME-Version", "1.0"),
        ]
        let root = MIMEPart(
            contentType: "multipart/mixed", headers: headers,
            body: .parts([
                MIMEPart(contentType: "multipart/alternative", body: .parts([
                    MIMEPart(contentType: "text/plain; charset=UTF-8", body: .text(text)),
                    MIMEPart(contentType: "text/html; charset=UTF-8", body: .text(html)),
                    MIMEPart(contentType: "text/calendar; method=\(entry.method); charset=UTF-8", body: .text(calendar)),
                ])),
                MIMEPart(
                    contentType: "application/ics; name=\"invite.ics\"",
                    headers: [("Content-Disposition", "attachment; filename=\"invite.ics\"")],
                    body: .text(calendar)),
            ]))
        return root.rendered(boundarySeed: entry.messageId) + "\r\n"
    }

    func subject(meeting: Meeting, occurrence: LocalDateTime?, isCancel: Bool, first: Bool) -> String {
        let when = Self.when(occurrence ?? meeting.start, meeting: meeting)
        switch (isCancel, occurrence) {
        case (true, nil): return "Cancelled: \(meeting.name)"
        case (true, _): return "Cancelled: \(meeting.name) on \(when)"
        case (false, _): return (first ? "Invitation: " : "Updated invitation: ") + "\(meeting.name) @ \(when)"
        }
    }

    func plainText(
        entry: OutboxEntry, meeting: Meeting, occurrence: LocalDateTime?, isCancel: Bool, callBridgeText: CallBridgeText?
    ) -> String {
        var lines = [meeting.name, ""]
        if isCancel {
            lines.append(occurrence.map { "The meeting on \(Self.when($0, meeting: meeting)) has been cancelled." }
                ?? "This meeting has been cancelled.")
            return lines.joined(separator: "\n") + "\n"
        }
        let end = LocalDateTime(meeting.start.instant(in: meeting.zone).addingTimeInterval(meeting.duration), in: meeting.zone)
        lines.append("When: \(Self.when(meeting.start, meeting: meeting)) - \(Self.time(end, meeting: meeting)) (\(meeting.timeZone))")
        if let recurrence = meeting.recurrence { lines.append("Repeats: \(Self.describe(recurrence))") }
        if !meeting.exceptions.isEmpty {
            lines.append("Cancelled: " + meeting.exceptions.map { Self.when($0, meeting: meeting) }.joined(separator: "; "))
        }
        lines.append("Organizer: " + (meeting.organizerName.map { "\($0) <\(meeting.organizerEmail ?? meeting.organizer)>" } ?? meeting.organizer))
        let role = meeting.role(of: entry.recipient)
        let details = JoinDetails.all(for: meeting.space, sipDomain: writer.sipDomain, webBaseURL: writer.webBaseURL)
        if let detail = details.first(where: { $0.role == role }) {
            lines.append("")
            if let callBridgeText { lines += [callBridgeText.text, ""] }
            // The organizer's own invitation says why they join by this role.
            let isOrganizer = !meeting.attendees.contains { $0.email == entry.recipient }
            let why = isOrganizer ? meeting.organizerRoleRule.map { ", \($0.explanation)" } ?? "" : ""
            var join = "How to join (\(detail.roleName)\(why)):"
            detail.appendWays(to: &join)
            lines.append(join)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Tuesday, 1 December 2026 09:00` in the meeting's zone.
    static func when(_ local: LocalDateTime, meeting: Meeting) -> String {
        format(local, meeting: meeting, pattern: "EEEE, d MMMM yyyy HH:mm")
    }

    static func time(_ local: LocalDateTime, meeting: Meeting) -> String {
        format(local, meeting: meeting, pattern: "HH:mm")
    }

    private static func format(_ local: LocalDateTime, meeting: Meeting, pattern: String) -> String {
        DateFormatters.shared.string(from: local.instant(in: meeting.zone), pattern: pattern, zone: meeting.zone, locale: "en_GB")
    }

    /// `every 2 weeks, 6 times` for the simple rules; the RRULE itself otherwise.
    static func describe(_ recurrence: Recurrence) -> String {
        var parts: [String: String] = [:]
        for item in recurrence.rule.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0]] = pair[1] }
        }
        let units = ["DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"]
        guard let unit = parts["FREQ"].flatMap({ units[$0] }), Set(parts.keys).isSubset(of: ["FREQ", "INTERVAL", "COUNT", "UNTIL"])
        else { return recurrence.rule }
        let interval = Int(parts["INTERVAL"] ?? "1") ?? 1
        var text = interval == 1 ? "every \(unit)" : "every \(interval) \(unit)s"
        if let count = recurrence.count { text += ", \(count) times" }
        if let until = recurrence.until { text += ", until \(RFC3339.string(until, in: TimeZone(identifier: "UTC")!))" }
        return text
    }

    /// `&`, `<`, `>` and `"` as entities, in one pass (four replacingOccurrences were a tenth of a send).
    static func escapeHTML(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
