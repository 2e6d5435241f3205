import Foundation

/// The result of one input row of a bulk create.
public struct BulkRowReport: Sendable, JSONObject {
    public enum Status: String, Sendable {
        case created, existing, resumed, planned, updated, failed
    }

    public var line: Int
    public var key: String?
    public var status: Status
    public var error: String?
    public var meeting: MeetingView?
    /// Why the row failed, with its exit code (not printed: `error` holds the message).
    public var failure: CmschedError?

    /// The meeting's fields at the top level (so the array reads as meetings), then the row's; a
    /// row without a meeting has the same keys, null but for its `key`.
    public func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer) {
        var list = meeting?.jsonFields ?? MeetingView.keys.filter { $0 != "key" }.map { ($0, JSONValue.null) } + [("key", .optional(key))]
        list += [("line", .int(line)), ("status", .string(status.rawValue)), ("error", .optional(error))]
        for (key, value) in list.sorted(by: { $0.0 < $1.0 }) { fields.field(key, value) }
    }
}

/// What a bulk run came to, counted as its rows finish (the rows themselves are not kept).
public struct BulkTally: Sendable {
    public private(set) var rows = 0
    public private(set) var failed = 0
    private var worst: CmschedError?

    public init() {}

    public init(_ reports: some Sequence<BulkRowReport>) {
        for report in reports { count(report) }
    }

    public mutating func count(_ report: BulkRowReport) {
        rows += 1
        guard let failure = report.failure else { return }
        failed += 1
        worst = CmschedError.worst([worst, failure].compactMap { $0 })
    }

    /// The outcome of the whole run: nil when every row worked; `partial` when some did; else the
    /// worst kind of failure among the rows (bad data only when nothing else went wrong).
    public var outcome: CmschedError? {
        guard failed > 0 else { return nil }
        guard failed == rows, let worst else { return .partial("\(failed) of \(rows) rows failed") }
        switch worst {
        case .badInput: return .badInput("no meeting could be created (\(failed) rows failed)")
        default: return worst.withMessage("no meeting could be created: \(worst.message)")
        }
    }
}

/// Creates many meetings, `concurrency` at a time, reading each row when a slot is free and
/// handing each row's report on in input order as soon as it and the rows before it are done:
/// memory stays flat however many rows there are. A row is checked just before it is created; a
/// bad one is reported and the others go on. Each row is idempotent by its key, so a re-run
/// resumes where a stopped run ended.
public struct BulkCreator: Sendable {
    let service: MeetingService
    let concurrency: Int
    let defaultZone: TimeZone
    let adminOverride: Bool
    /// What every row's relative times (`tomorrow 9:30`, `+2h`) count from: one instant per run.
    let now: Date
    let view: @Sendable (Meeting) -> MeetingView

    public init(
        service: MeetingService, concurrency: Int, defaultZone: TimeZone, adminOverride: Bool = false,
        now: Date = HumanTime.referenceNow(), view: @escaping @Sendable (Meeting) -> MeetingView
    ) {
        self.service = service
        self.concurrency = max(1, concurrency)
        self.defaultZone = defaultZone
        self.adminOverride = adminOverride
        self.now = now
        self.view = view
    }

    public func run(
        _ rows: BulkRows, dryRun: Bool, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
        emit: (BulkRowReport) -> Void
    ) async -> BulkTally {
        var tally = BulkTally()
        var waiting: [Int: BulkRowReport] = [:]  // done, behind a row still running
        var nextToEmit = 0
        var seenKeys: [String: Int] = [:]
        func finished(_ index: Int, _ report: BulkRowReport) {
            waiting[index] = report
            while let report = waiting.removeValue(forKey: nextToEmit) {
                tally.count(report)
                emit(report)
                nextToEmit += 1
                progress(nextToEmit, rows.count)
            }
        }
        await withTaskGroup(of: (Int, BulkRowReport).self) { group in
            var input = rows.enumerated().makeIterator()
            var running = 0
            /// Starts rows until `concurrency` are running; a row that fails its checks is done at once.
            func fill() {
                while running < concurrency, let (index, row) = input.next() {
                    let draft: MeetingDraft
                    do {
                        draft = try self.draft(row, seenKeys: &seenKeys)
                    } catch {
                        finished(index, failedReport(error, line: row.line, key: row.key))
                        continue
                    }
                    running += 1
                    group.addTask {
                        do {
                            let (meeting, outcome) = try await service.create(draft, dryRun: dryRun, adminOverride: adminOverride)
                            let status = BulkRowReport.Status(rawValue: outcome.rawValue) ?? .created
                            return (index, BulkRowReport(line: row.line, key: draft.key, status: status, meeting: view(meeting)))
                        } catch {
                            return (index, failedReport(error, line: row.line, key: draft.key))
                        }
                    }
                }
            }
            fill()
            while let (index, report) = await group.next() {
                running -= 1
                finished(index, report)
                fill()
            }
        }
        return tally
    }

    /// The row's meeting, checked; a key seen on an earlier row fails this one. A row without a
    /// key is keyed by its content with relative times as they resolved: `tomorrow 9:30` re-run
    /// tomorrow is another meeting.
    private func draft(_ row: BulkRow, seenKeys: inout [String: Int]) throws -> MeetingDraft {
        let fields = try row.fields.get()
        var draft = try fields.draft(defaultZone: defaultZone, now: now)
        let key = BulkRow.key(of: fields.absoluteTimes(defaultZone: defaultZone, now: now))
        draft.key = key
        if let first = seenKeys[key] { throw CmschedError.badInput("key '\(key)' repeats line \(first)") }
        seenKeys[key] = row.line
        return draft
    }

    private func failedReport(_ error: any Error, line: Int, key: String?) -> BulkRowReport {
        let failure = CmschedError.wrapping(error) ?? .internalError("\(error)")
        let text = failure.message.contains(":\(line):") ? failure.message : "line \(line): \(failure.message)"
        return BulkRowReport(line: line, key: key, status: .failed, error: text, failure: failure)
    }
}
