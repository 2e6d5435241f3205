import Foundation

/// The cluster tables' rows and statements, the same for both engines (`?` placeholders; the
/// PostgreSQL store numbers them).
struct SchedulerInstanceRow: StoredRecord {
    static let databaseTableName = "schedulerInstance"
    static let keyColumns = ["instance"]
    var value: SchedulerInstance

    init(_ value: SchedulerInstance) {
        self.value = value
    }

    init<Columns: ColumnSource>(_ column: inout Columns) throws {
        value = SchedulerInstance(
            instance: try column("instance"), host: try column("host"), pid: try column("pid"), version: try column("version"),
            started: try column("started"), lastSeen: try column("lastSeen"), linksUp: try column("linksUp"),
            linksTotal: try column("linksTotal"), https: try column("https"), links: Self.links(try column("links")))
    }

    /// The links as JSON text. Text that does not read back (not written by this cmsched) is no
    /// links: a heartbeat is never refused for them.
    static func links(_ text: String?) -> [SchedulerInstance.LinkSummary] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? decoder.decode([SchedulerInstance.LinkSummary].self, from: data)) ?? []
    }

    static func text(_ links: [SchedulerInstance.LinkSummary]) -> String? {
        guard !links.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Array(links.prefix(SchedulerInstance.mostLinks)))).map { String(decoding: $0, as: UTF8.self) }
    }

    func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("instance", value.instance)
        column("host", value.host)
        column("pid", value.pid)
        column("version", value.version)
        column("started", value.started.stored)
        column("lastSeen", value.lastSeen.stored)
        column("linksUp", value.linksUp)
        column("linksTotal", value.linksTotal)
        column("https", value.https)
        column("links", Self.text(value.links))
    }
}

struct JobRunRow: StoredRecord {
    static let databaseTableName = "jobRun"
    static let keyColumns = ["job", "day"]
    var value: JobRun

    init<Columns: ColumnSource>(_ column: inout Columns) throws {
        value = JobRun(
            job: try column("job"), day: try column("day"), holder: try column("holder"), startedAt: try column("startedAt"),
            finishedAt: try column("finishedAt"), summary: try column("summary"))
    }

    func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("job", value.job)
        column("day", value.day)
        column("holder", value.holder)
        column("startedAt", value.startedAt.stored)
        column("finishedAt", value.finishedAt?.stored)
        column("summary", value.summary)
    }
}

enum ClusterSQL {
    /// The tables (schema v6), in SQL both engines speak.
    static let tables = [
        """
        CREATE TABLE schedulerInstance (
            instance TEXT PRIMARY KEY, host TEXT NOT NULL, pid BIGINT NOT NULL, version TEXT NOT NULL,
            started TEXT NOT NULL, lastSeen TEXT NOT NULL, linksUp BIGINT NOT NULL DEFAULT 0,
            linksTotal BIGINT NOT NULL DEFAULT 0, https TEXT)
        """,
        "CREATE TABLE lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires TEXT NOT NULL)",
        """
        CREATE TABLE jobRun (
            job TEXT NOT NULL, day TEXT NOT NULL, holder TEXT NOT NULL, startedAt TEXT NOT NULL, finishedAt TEXT,
            summary TEXT, PRIMARY KEY (job, day))
        """,
    ]

    /// name, holder, expires, now: taken when free, expired or the holder's own.
    static let acquireLease = """
        INSERT INTO lease (name, holder, expires) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
        WHERE lease.holder = excluded.holder OR lease.expires < ?
        """
    /// name, now.
    static let leaseHolder = "SELECT holder FROM lease WHERE name = ? AND expires >= ?"
    /// name, holder.
    static let releaseLease = "DELETE FROM lease WHERE name = ? AND holder = ?"
    /// instance, host, pid.
    static let removeInstance = "DELETE FROM schedulerInstance WHERE instance = ? AND host = ? AND pid = ?"
    /// job, day, holder, startedAt: claimed unless finished.
    static let claimJobRun = """
        INSERT INTO jobRun (job, day, holder, startedAt) VALUES (?, ?, ?, ?)
        ON CONFLICT (job, day) DO UPDATE SET holder = excluded.holder, startedAt = excluded.startedAt
        WHERE jobRun.finishedAt IS NULL
        """
    /// job, day, holder.
    static let ownsJobRun = "SELECT holder FROM jobRun WHERE job = ? AND day = ? AND holder = ? AND finishedAt IS NULL"
    /// finishedAt, summary, job, day, holder.
    static let finishJobRun = "UPDATE jobRun SET finishedAt = ?, summary = ? WHERE job = ? AND day = ? AND holder = ?"
    /// job, limit.
    static let jobRuns = "SELECT * FROM jobRun WHERE job = ? ORDER BY day DESC LIMIT ?"
}
