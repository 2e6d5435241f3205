import Foundation
import PostgresNIO

/// The cluster's heartbeats, leases and job runs in the PostgreSQL store (see `ClusterStore`).
extension PostgresStore {
    public func heartbeat(_ instance: SchedulerInstance) async throws {
        try await withConnection { try await write($0, SchedulerInstanceRow(instance), upsert: true) }
    }

    public func removeInstance(_ instance: String, host: String, pid: Int) async throws {
        try await withConnection { try await run($0, ClusterSQL.removeInstance, [.text(instance), .text(host), .integer(Int64(pid))]) }
    }

    public func instances() async throws -> [SchedulerInstance] {
        try await withConnection {
            try await fetch($0, "SELECT * FROM schedulerInstance ORDER BY instance", as: SchedulerInstanceRow.self).map(\.value)
        }
    }

    public func acquireLease(_ name: String, holder: String, until: Date, now: Date) async throws -> Bool {
        try await transaction { connection in
            try await run(connection, ClusterSQL.acquireLease, [.text(name), .text(holder), .text(until.stored), .text(now.stored)])
            return try await run(connection, ClusterSQL.leaseHolder, [.text(name), .text(now.stored)]).first?.value("holder") == holder
        }
    }

    public func leaseHolder(_ name: String, now: Date) async throws -> String? {
        try await withConnection { try await run($0, ClusterSQL.leaseHolder, [.text(name), .text(now.stored)]).first?.value("holder") }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try await withConnection { try await run($0, ClusterSQL.releaseLease, [.text(name), .text(holder)]) }
    }

    public func claimJobRun(_ job: String, day: String, holder: String, now: Date) async throws -> Bool {
        try await transaction { connection in
            try await run(connection, ClusterSQL.claimJobRun, [.text(job), .text(day), .text(holder), .text(now.stored)])
            return try await !run(connection, ClusterSQL.ownsJobRun, [.text(job), .text(day), .text(holder)]).isEmpty
        }
    }

    public func finishJobRun(_ job: String, day: String, holder: String, summary: String, now: Date) async throws {
        try await withConnection {
            try await run($0, ClusterSQL.finishJobRun, [.text(now.stored), .text(summary), .text(job), .text(day), .text(holder)])
        }
    }

    public func jobRuns(_ job: String, limit: Int) async throws -> [JobRun] {
        try await withConnection { connection in
            var binds = BindingWriter()
            binds("job", job)
            binds("limit", limit)
            return try await fetch(
                connection, PostgresQuery(unsafeSQL: Self.numbered(ClusterSQL.jobRuns), binds: binds.bindings), as: JobRunRow.self
            ).map(\.value)
        }
    }

    /// Runs `sql` (with `?` placeholders) with `values`; its rows.
    @discardableResult
    func run(_ connection: PostgresConnection, _ sql: String, _ values: [StoredForm]) async throws -> [PostgresRandomAccessRow] {
        var binds = BindingWriter()
        for value in values { binds.append(value) }
        return try await rows(connection, PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds.bindings))
    }

    /// `sql` with its `?` placeholders numbered as PostgreSQL's `$1`, `$2`, … (the texts shared
    /// with SQLite hold no `?` of their own).
    static func numbered(_ sql: String) -> String {
        var result = ""
        var count = 0
        for character in sql {
            if character == "?" {
                count += 1
                result += "$\(count)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
