import Foundation
import GRDB

extension SchedulerInstanceRow: ColumnRecord, ColumnWritable {}
extension JobRunRow: ColumnRecord, ColumnWritable {}

/// The cluster's heartbeats, leases and job runs in the SQLite store (see `ClusterStore`).
extension SQLiteStore {
    public func heartbeat(_ instance: SchedulerInstance) async throws {
        try writingNow { try SchedulerInstanceRow(instance).upsertRow($0) }
    }

    public func removeInstance(_ instance: String, host: String, pid: Int) async throws {
        try writingNow { try $0.execute(sql: ClusterSQL.removeInstance, arguments: [instance, host, pid]) }
    }

    public func instances() async throws -> [SchedulerInstance] {
        try reading { db in
            try SchedulerInstanceRow.fetchAll(db.makeStatement(sql: "SELECT * FROM schedulerInstance ORDER BY instance"), arguments: [])
                .map(\.value)
        }
    }

    public func acquireLease(_ name: String, holder: String, until: Date, now: Date) async throws -> Bool {
        try writingNow { db in
            try db.execute(sql: ClusterSQL.acquireLease, arguments: [name, holder, until.stored, now.stored])
            return try String.fetchOne(db, sql: ClusterSQL.leaseHolder, arguments: [name, now.stored]) == holder
        }
    }

    public func leaseHolder(_ name: String, now: Date) async throws -> String? {
        try reading { try String.fetchOne($0, sql: ClusterSQL.leaseHolder, arguments: [name, now.stored]) }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try writingNow { try $0.execute(sql: ClusterSQL.releaseLease, arguments: [name, holder]) }
    }

    public func claimJobRun(_ job: String, day: String, holder: String, now: Date) async throws -> Bool {
        try writingNow { db in
            try db.execute(sql: ClusterSQL.claimJobRun, arguments: [job, day, holder, now.stored])
            return try String.fetchOne(db, sql: ClusterSQL.ownsJobRun, arguments: [job, day, holder]) != nil
        }
    }

    public func finishJobRun(_ job: String, day: String, holder: String, summary: String, now: Date) async throws {
        try writingNow { try $0.execute(sql: ClusterSQL.finishJobRun, arguments: [now.stored, summary, job, day, holder]) }
    }

    public func jobRuns(_ job: String, limit: Int) async throws -> [JobRun] {
        try reading { db in
            try JobRunRow.fetchAll(db.makeStatement(sql: ClusterSQL.jobRuns), arguments: [job, limit]).map(\.value)
        }
    }
}
