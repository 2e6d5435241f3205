import Foundation

extension Scheduler {
    /// Turns the VEVENTs of a calendar (an Outlook/Exchange, TMS or calendar export) into meetings:
    /// a temporary space from `defaults.template`, or the existing `defaults.space`; the organizer
    /// and attendees from the file (`roles` maps an attendee's email to a role, else the space's
    /// default role). Each event keeps its UID and SEQUENCE and is idempotent by its UID: a
    /// re-import updates a meeting whose SEQUENCE grew and skips the rest. RECURRENCE-ID overrides
    /// become EXDATEs of the series (and, when moved, a one-off meeting of their own).
    public func importMeetings(
        ics data: Data, source: String, defaults: MeetingFields, roles: [String: String], defaultZone: TimeZone,
        dryRun: Bool, adminOverride: Bool, emit: (BulkRowReport) -> Void
    ) async throws -> BulkResult {
        guard let text = String(data: data, encoding: .utf8) else { throw CmschedError.badInput("\(source) is not UTF-8 text") }
        let zoneName = defaultZone.identifier == "GMT" ? "UTC" : defaultZone.identifier
        let events: [ImportedEvent]
        do {
            events = try Self.separatingOverrides(try ICalendarReader.importable(text, defaultZone: zoneName))
        } catch let error as CmschedError where error.exitStatus == .badInput {
            throw CmschedError.badInput("\(source): \(error.message)")
        }
        let service = try await meetingService()
        var tally = BulkTally()
        var warnings: [String] = []
        for (index, event) in events.enumerated() {
            if let note = event.zoneNote { warnings.append("\(source): event \(event.uid): \(note)") }
            let report: BulkRowReport
            do {
                let (meeting, status) = try await importOne(
                    event, service: service, defaults: defaults, roles: roles, defaultZone: defaultZone, dryRun: dryRun,
                    adminOverride: adminOverride)
                report = BulkRowReport(line: index + 1, key: meeting.key, status: status, meeting: environment.view(meeting))
            } catch {
                let failure = CmschedError.wrapping(error) ?? .internalError("\(error)")
                report = BulkRowReport(
                    line: index + 1, key: Self.key(event), status: .failed,
                    error: "\(source): event \(event.uid): \(failure.message)", failure: failure)
            }
            tally.count(report)
            emit(report)
        }
        return BulkResult(tally: tally, warnings: warnings)
    }

    private func importOne(
        _ event: ImportedEvent, service: MeetingService, defaults: MeetingFields, roles: [String: String],
        defaultZone: TimeZone, dryRun: Bool, adminOverride: Bool
    ) async throws -> (Meeting, BulkRowReport.Status) {
        var fields = defaults
        fields.key = Self.key(event)
        fields.name = event.summary.isEmpty ? "(no title)" : event.summary
        fields.start = event.start.description
        fields.end = nil
        fields.duration = "\(max(1, Int(event.duration)))s"
        fields.tz = event.timeZone
        fields.rrule = event.rrule
        fields.repeat = nil
        if let address = event.organizer {
            guard let organizer = try await service.lookups.user(address: address), let jid = organizer.userJid else {
                throw CmschedError.badInput("organizer \(address) is not a user on the Call Bridge")
            }
            fields.organizer = jid
        }
        let organizerEmail = event.organizer
        fields.attendees = event.attendees.filter { $0 != organizerEmail }
            .map { email in roles[email].map { "\(email)=\($0)" } ?? email }.joined(separator: ";")
        if fields.attendees?.isEmpty == true { fields.attendees = nil }
        var draft = try fields.draft(defaultZone: defaultZone)
        draft.uid = event.uid
        draft.sequence = event.sequence
        draft.exceptions = event.exdates.sorted()
        if let existing = try await service.store.meeting(key: draft.key ?? "") {
            guard event.sequence > existing.sequence, existing.state == .scheduled else { return (existing, .existing) }
            var edit = MeetingEdit(fields: fields)
            edit.fields.template = nil
            edit.fields.space = nil
            edit.fields.key = nil
            var edited = try edit.apply(to: existing)
            edited.exceptions = draft.exceptions
            guard !dryRun else { return (edited, .planned) }
            var updated = try await service.update(existing, to: edited)
            if updated.sequence < event.sequence {
                updated.sequence = event.sequence
                try await service.store.save(updated, notices: [], now: environment.now())
            }
            return (updated, .updated)
        }
        let (meeting, outcome) = try await service.create(draft, dryRun: dryRun, adminOverride: adminOverride)
        return (meeting, BulkRowReport.Status(rawValue: outcome.rawValue) ?? .created)
    }

    /// The idempotency key of an imported event: `ics:` and its UID (a moved occurrence has its
    /// own, the series' UID and the occurrence).
    static func key(_ event: ImportedEvent) -> String { "ics:" + event.uid }

    /// Series with their overrides folded in: a cancelled or moved occurrence becomes an EXDATE of
    /// its series; a moved one also stands as an event of its own. Cancelled series are left out.
    static func separatingOverrides(_ events: [ImportedEvent]) throws -> [ImportedEvent] {
        var series = events.filter { $0.recurrenceId == nil && !$0.cancelled }
        var extra: [ImportedEvent] = []
        for override in events where override.recurrenceId != nil {
            if let index = series.firstIndex(where: { $0.uid == override.uid }) {
                series[index].exdates.append(override.recurrenceId!)
            }
            guard !override.cancelled else { continue }
            var single = override
            single.rrule = nil
            single.exdates = []
            single.uid = override.uid + "-" + override.recurrenceId!.icalText
            extra.append(single)
        }
        return series + extra
    }
}
