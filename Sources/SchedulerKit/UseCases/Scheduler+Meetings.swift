import Foundation

/// What `createMeeting` did.
public struct CreatedMeeting: Sendable {
    public var meeting: Meeting
    public var outcome: MeetingService.Outcome
    /// Things the user should know (a start in the past, meetings an earlier run left half-made).
    public var warnings: [String]
}

/// What `createMeetings` or `importMeetings` came to (each row's report went to `emit`).
public struct BulkResult: Sendable {
    public var tally: BulkTally
    public var warnings: [String]
    /// The run's failure (partial, or the worst kind when no row worked); nil when all worked.
    public var failure: CmschedError? { tally.outcome }
}

/// Which meetings to list: series, or occurrences in a window (`expand`).
public struct MeetingQuery: Sendable {
    public var from: Date?
    public var until: Date?
    public var organizer: String?
    /// Only meetings this user organizes or attends (a web app user's own).
    public var involving: String?
    public var expand: Bool
    public var max: Int?

    public init(
        from: Date? = nil, until: Date? = nil, organizer: String? = nil, involving: String? = nil, expand: Bool = false, max: Int? = nil
    ) {
        self.from = from
        self.until = until
        self.organizer = organizer
        self.involving = involving
        self.expand = expand
        self.max = max
    }

    /// How far ahead occurrences are listed when no end is given.
    public static let defaultSpan: TimeInterval = 90 * 86_400
}

/// The meetings a query found.
public struct MeetingList: Sendable {
    /// The series listed, or (with `expand`) the series the occurrences belong to.
    public var meetings: [Meeting]
    /// With `expand`: the occurrences in the window, in time order.
    public var occurrences: [Occurrence]?
    /// Rows that could not be read back (skipped).
    public var unreadable: [UnreadableMeeting]
}

extension Scheduler {
    /// Creates one meeting (or finds the one with the same key), beside any other create. First
    /// (not for a dry run, nor with `recover` false: a server's requests leave that to its own
    /// job) finishes meetings an earlier run left half-made.
    public func createMeeting(
        _ fields: MeetingFields, defaultZone: TimeZone, dryRun: Bool, adminOverride: Bool, recover: Bool = true
    ) async throws -> CreatedMeeting {
        let draft = try fields.draft(defaultZone: defaultZone)
        return try await creating(dryRun: dryRun, recover: recover) { service, warnings in
            if draft.start.instant(in: draft.zone) < environment.now() {
                warnings.append("meeting '\(draft.name)' starts in the past (\(draft.start) \(draft.timeZone))")
            }
            let (meeting, outcome) = try await service.create(draft, dryRun: dryRun, adminOverride: adminOverride)
            return CreatedMeeting(meeting: meeting, outcome: outcome, warnings: warnings)
        }
    }

    /// Creates the meetings of bulk input (CSV or JSON lines, opened by `BulkInput`),
    /// `callbridge.concurrency` at a time. Each row is idempotent by its key, also against another
    /// process running the same input at the same time. Each row's report goes to `emit` as it is
    /// done, in input order.
    public func createMeetings(
        _ rows: BulkRows, defaultZone: TimeZone, dryRun: Bool, adminOverride: Bool,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }, emit: (BulkRowReport) -> Void
    ) async throws -> BulkResult {
        try await creating(dryRun: dryRun, recover: true) { service, warnings in
            let creator = BulkCreator(
                service: service, concurrency: environment.typed.callBridge.concurrency, defaultZone: defaultZone,
                adminOverride: adminOverride, view: { environment.view($0) })
            return BulkResult(tally: await creator.run(rows, dryRun: dryRun, progress: progress, emit: emit), warnings: warnings)
        }
    }

    /// Runs a create, after finishing what an earlier run left half-made (`recover`). No lock:
    /// creates of other runs, other processes and a server's requests go on at the same time.
    private func creating<T>(
        dryRun: Bool, recover: Bool, _ body: (MeetingService, inout [String]) async throws -> T
    ) async throws -> T {
        let service = try await meetingService()
        var warnings: [String] = []
        if recover && !dryRun { warnings = try await finishHalfMade(by: service) }
        return try await body(service, &warnings)
    }

    /// Finishes the meetings earlier runs left half-made (those no live process is creating), as
    /// warnings for the user.
    private func finishHalfMade(by service: MeetingService) async throws -> [String] {
        try await service.recoverInterrupted().map { stuck, failure in
            "meeting '\(stuck.name)' left half-made by an earlier run "
                + (failure.map { "could not be finished: \($0.message)" } ?? "was finished")
        }
    }

    /// Finishes the meetings earlier runs left half-made: `serve`'s job, since its requests do
    /// not. Returns what it said of each.
    public func recoverInterruptedCreates() async throws -> [String] {
        try await finishHalfMade(by: try await meetingService())
    }

    /// Scheduled meetings (or their occurrences) matching `query`.
    public func listMeetings(_ query: MeetingQuery) async throws -> MeetingList {
        let window: (from: Date?, until: Date?)
        if query.expand {
            let start = query.from ?? environment.now()
            window = (start, query.until ?? start.addingTimeInterval(MeetingQuery.defaultSpan))
        } else {
            window = (query.from, query.until)
        }
        var scan = try await environment.store().meetings(in: [.scheduled], from: window.from, until: window.until)
        var meetings = scan.takeMeetings(organizedBy: query.organizer)
        if let user = query.involving {
            meetings.removeAll { !$0.involves(user) }
        }
        if query.expand, let start = window.from, let end = window.until {
            // Expanding is work for a core, not for the task threads every request shares.
            let (found, scanned) = (meetings, scan)
            let occurrences = await CPUWork.run {
                let all = scanned.occurrences(of: found, from: start, until: end, limit: query.max ?? .max)
                return query.max.map { Array(all.prefix($0)) } ?? all
            }
            let ids = Set(occurrences.map(\.meetingId))
            return MeetingList(meetings: meetings.filter { ids.contains($0.id) }, occurrences: occurrences, unreadable: scan.unreadable)
        }
        if query.from != nil || query.until != nil {
            meetings.removeAll {
                scan.occurrences(of: $0, from: query.from ?? .distantPast, until: query.until ?? .distantFuture, limit: 1).isEmpty
            }
        }
        // Each start computed once from the two fields it needs, read where they lie (mapping the
        // meetings, or calling a meeting's own `zone`, copied each meeting: a reference taken to
        // each of its texts); indices sorted, and the meetings then moved into that order.
        let starts = meetings.withUnsafeBufferPointer { found in
            found.indices.map { index in
                let (start, zone) = (found[index].start, found[index].timeZone)
                return start.instant(in: Zones.named(zone)!)
            }
        }
        meetings.arrange(by: meetings.indices.sorted { (starts[$0], meetings[$0].id) < (starts[$1], meetings[$1].id) })
        if let max = query.max, max < meetings.count { meetings.removeSubrange(Swift.max(max, 0)...) }
        return MeetingList(meetings: meetings, occurrences: nil, unreadable: scan.unreadable)
    }

    /// The meeting with this id, unique id prefix or key (exit 66 when none).
    public func meeting(_ reference: String) async throws -> Meeting {
        try await environment.store().existingMeeting(reference)
    }

    /// Changes a scheduled meeting: SEQUENCE rises, updated invitations are queued.
    public func updateMeeting(_ reference: String, edit: MeetingEdit) async throws -> Meeting {
        guard !edit.isEmpty else { throw CmschedError.usage("nothing to change: give at least one field to change") }
        let original = try await meeting(reference)
        guard original.state == .scheduled else {
            throw CmschedError.badInput("meeting \(original.id) is \(original.state.rawValue); only scheduled meetings can change")
        }
        return try await meetingService().update(original, to: try edit.apply(to: original))
    }

    /// What `deleteMeeting` did.
    public enum Deletion: Sendable {
        /// The meeting as it is now (cancelled, or with the occurrence cancelled).
        case meeting(Meeting)
        /// A row that could not be read back was cancelled without notices.
        case unreadable(UnreadableMeeting)
    }

    /// Cancels a meeting (deleting its temporary space) or, with `occurrence` (a date or local
    /// start), one occurrence. Deleting what is already cancelled changes nothing.
    public func deleteMeeting(_ reference: String, occurrence: String? = nil) async throws -> Deletion {
        let store = try await environment.store()
        if occurrence == nil, let (row, space) = try await store.unreadableMeeting(reference: reference) {
            try await meetingService().cancelUnreadable(row, space: space)
            return .unreadable(row)
        }
        let meeting = try await store.existingMeeting(reference)
        guard meeting.state != .cancelled else { return .meeting(meeting) }
        let service = try await meetingService()
        if let occurrence {
            return .meeting(try await service.cancelOccurrence(meeting, at: try OccurrenceMatcher.start(of: occurrence, in: meeting)))
        }
        return .meeting(try await service.cancel(meeting))
    }

    /// The meetings to export: those named, or every scheduled one (`nil`), with skipped rows.
    public func meetingsToExport(_ references: [String]?) async throws -> (meetings: [Meeting], unreadable: [UnreadableMeeting]) {
        guard let references else {
            let scan = try await environment.store().meetings(in: [.scheduled])
            return (scan.meetings, scan.unreadable)
        }
        var meetings: [Meeting] = []
        for reference in references { meetings.append(try await meeting(reference)) }
        return (meetings, [])
    }
}
