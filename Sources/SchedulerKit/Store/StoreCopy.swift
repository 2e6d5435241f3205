import Foundation

/// Moving a single-host deployment's SQLite store into PostgreSQL: every table copied, row for
/// row, in one transaction on the target, then each table's row count and checksum compared.

/// One table as copied: its rows and checksum on both sides.
public struct TableCopy: Sendable, Equatable, StableJSON {
    public var table: String
    public var rows: Int
    /// FNV-1a of each row (its columns by name, in the table's order), summed: independent of
    /// the order rows come back in, the same on both engines for the same values.
    public var checksum: String
    /// The target's count and checksum (nil in a dry run).
    public var copiedRows: Int?
    public var copiedChecksum: String?
}

/// A table's rows read for copying: the column names (without engine-only ones, such as
/// PostgreSQL's `pos`), and each row's values in that order.
struct TableRows {
    var columns: [String]
    var rows: [[StoredForm]]

    /// The tables, parents before children, so foreign keys hold as rows are inserted.
    static let tables = [
        "space", "accessMethod", "meeting", "attendee", "outbox", "meetingChange", "apiUser", "bulkJob", "bulkJobRow", "run",
        "schedulerInstance", "lease", "jobRun",
    ]

    /// The order-independent checksum of `rows` (see `TableCopy.checksum`).
    static func checksum(columns: [String], rows: [[StoredForm]]) -> String {
        var sum: UInt64 = 0
        for row in rows {
            var text = ""
            for (name, value) in zip(columns, row) {
                text += name.lowercased() + "="
                switch value {
                case .text(let string): text += "t" + string
                case .integer(let number): text += "i\(number)"
                case .null: text += "n"
                }
                text += "\u{1F}"
            }
            sum = sum &+ FNV1a.hash(Data(text.utf8))
        }
        return String(sum, radix: 16)
    }
}

extension Scheduler {
    /// Copies this process's store, which must be SQLite, into the empty PostgreSQL database at
    /// `url` (its password and CA as for `store.url`: `store.password_file`,
    /// `$CMSCHED_STORE_PASSWORD` or `~/.pgpass`, `store.ca_file`), and verifies every table. A
    /// target holding any row is refused (exit 73) untouched; a copy that does not verify is
    /// rolled back (exit 74). With `dryRun`, reads and counts only.
    public func copyStore(to url: String, dryRun: Bool) async throws -> [TableCopy] {
        guard case .sqlite = environment.storeURL, let source = try await environment.store() as? SQLiteStore else {
            throw CmschedError.usage("store copy moves a SQLite store into PostgreSQL; this store is \(environment.storeURL)")
        }
        guard case .postgres(let address) = try StoreURL.parse(url, origin: "target") else {
            throw CmschedError.usage("the target must be a postgres:// URL (got \(url))")
        }
        let tables = try source.tableRows()
        var report = tables.map { name, table in
            TableCopy(table: name, rows: table.rows.count, checksum: TableRows.checksum(columns: table.columns, rows: table.rows))
        }
        guard !dryRun else { return report }
        let target = try await environment.openPostgres(address)
        let copied: [(rows: Int, checksum: String)]
        do {
            copied = try await target.load(tables)
        } catch {
            await target.close()
            throw error
        }
        await target.close()
        for index in report.indices {
            report[index].copiedRows = copied[index].rows
            report[index].copiedChecksum = copied[index].checksum
        }
        return report
    }
}
