import Foundation

/// The result of one input row of a bulk create.
public struct BulkRowReport: Sendable, Encodable {
    public enum Status: String, Sendable, Encodable {
        case created, existing, resumed, planned, updated, failed
    }

    public var line: Int
    public var key: String?
    public var status: Status
    public var error: String?
    public var meeting: MeetingView?
    /// Why the row failed, with its exit code (not printed: `error` holds the message).
    public var failure: CmschedError?

    /// The row's fields, then the meeting's own fields at the top level (so the array reads as
    /// meetings); a row without a meeting has the same keys, null but for its `key`.
    public func encode(to encoder: any Encoder) throws {
        if let meeting {
            try meeting.encode(to: encoder)
        } else {
            var empty = encoder.container(keyedBy: AnyKey.self)
            for name in MeetingView.keys where name != "key" { try empty.encodeNil(forKey: AnyKey(stringValue: name)) }
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(status, forKey: .status)
        try container.encode(error, forKey: .error)
        if meeting == nil { try container.encode(key, forKey: .key) }
    }

    enum CodingKeys: String, CodingKey { case line, key, status, error }
}

/// Creates many meetings: every row is checked first, then valid rows are created with bounded
/// concurrency. Each row is idempotent by its key, so a re-run resumes where a stopped run ended.
public struct BulkCreator: Sendable {
    let service: MeetingService
    let concurrency: Int
    let defaultZone: TimeZone
    let adminOverride: Bool
    let view: @Sendable (Meeting) -> MeetingView

    public init(
        service: MeetingService, concurrency: Int, defaultZone: TimeZone, adminOverride: Bool = false,
        view: @escaping @Sendable (Meeting) -> MeetingView
    ) {
        self.service = service
        self.concurrency = max(1, concurrency)
        self.defaultZone = defaultZone
        self.adminOverride = adminOverride
        self.view = view
    }

    public func run(
        _ rows: [BulkRow], dryRun: Bool, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> [BulkRowReport] {
        var reports: [Int: BulkRowReport] = [:]
        var work: [(Int, MeetingDraft)] = []
        var seenKeys: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            let key = row.key
            do {
                let fields = try row.fields.get()
                var draft = try fields.draft(defaultZone: defaultZone)
                draft.key = key
                if let key, let first = seenKeys[key] {
                    throw CmschedError.badInput("key '\(key)' repeats line \(first)")
                }
                if let key { seenKeys[key] = row.line }
                work.append((index, draft))
            } catch {
                reports[index] = failedReport(error, line: row.line, key: key)
            }
        }
        let total = work.count
        await withTaskGroup(of: (Int, BulkRowReport).self) { group in
            var next = work.makeIterator()
            var running = 0
            var done = 0
            func launch() {
                guard let (index, draft) = next.next() else { return }
                let line = rows[index].line
                running += 1
                group.addTask {
                    do {
                        let (meeting, outcome) = try await service.create(draft, dryRun: dryRun, adminOverride: adminOverride)
                        let status = BulkRowReport.Status(rawValue: outcome.rawValue) ?? .created
                        return (index, BulkRowReport(line: line, key: draft.key, status: status, meeting: view(meeting)))
                    } catch {
                        return (index, failedReport(error, line: line, key: draft.key))
                    }
                }
            }
            for _ in 0..<concurrency { launch() }
            while let (index, report) = await group.next() {
                reports[index] = report
                running -= 1
                done += 1
                progress(done, total)
                launch()
            }
        }
        return rows.indices.compactMap { reports[$0] }
    }

    private func failedReport(_ error: any Error, line: Int, key: String?) -> BulkRowReport {
        let failure = CmschedError.wrapping(error) ?? .internalError("\(error)")
        let text = failure.message.contains(":\(line):") ? failure.message : "line \(line): \(failure.message)"
        return BulkRowReport(line: line, key: key, status: .failed, error: text, failure: failure)
    }

    /// The outcome of a whole run: nil when every row worked; `partial` when some did; else the
    /// worst kind of failure among the rows (bad data only when nothing else went wrong).
    public static func outcome(of reports: [BulkRowReport]) -> CmschedError? {
        let failures = reports.compactMap(\.failure)
        guard !failures.isEmpty else { return nil }
        guard failures.count == reports.count, let worst = CmschedError.worst(failures) else {
            return .partial("\(failures.count) of \(reports.count) rows failed")
        }
        switch worst {
        case .badInput: return .badInput("no meeting could be created (\(failures.count) rows failed)")
        default: return worst.withMessage("no meeting could be created: \(worst.message)")
        }
    }
}
