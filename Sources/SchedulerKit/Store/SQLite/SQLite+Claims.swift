import Foundation
import GRDB

/// Claims on meetings being created: any process may create meetings while others do, and a
/// meeting left `creating` (its process stopped, or failed and let go) is finished by the one
/// process that claims it.
extension SQLiteStore {
    /// Claims a meeting still `creating` for `claim.holder` when nobody holds it or its claim
    /// lapsed at `now`; returns the meeting as stored then. Nil when it is not to be had: a claim
    /// holds (another task of this process counts as another holder), it is no longer `creating`,
    /// or its row cannot be read back (left for `meeting delete`, as listings leave it).
    public func claimCreating(meetingId: String, as claim: Claim, now: Date) async throws -> Meeting? {
        try await writing { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT state, claimHolder, claimExpires FROM meeting WHERE id = ?", arguments: [meetingId]),
                row["state"] as String? == Meeting.State.creating.rawValue
            else { return nil }
            if let held = Claim(storedHolder: row["claimHolder"], storedExpires: row["claimExpires"]), !held.isLapsed(at: now) {
                return nil
            }
            guard let meeting = try self.scan(db, where: "id = ?", arguments: [meetingId]).meetings.first else { return nil }
            try db.execute(
                sql: "UPDATE meeting SET claimHolder = ?, claimExpires = ? WHERE id = ?",
                arguments: [claim.storedHolder, claim.storedExpires, meetingId])
            return meeting
        }
    }

    /// Lets go of `holder`'s claim on a meeting (a create that failed), so the next run may finish
    /// it at once rather than when the claim expires.
    public func releaseClaim(meetingId: String, holder: ClaimHolder) async throws {
        try await writing { db in
            try db.execute(
                sql: "UPDATE meeting SET claimHolder = NULL, claimExpires = NULL WHERE id = ? AND claimHolder = ?",
                arguments: [meetingId, holder.description])
        }
    }

    /// The claim on a meeting, nil when there is none (or no such meeting).
    public func creationClaim(meetingId: String) async throws -> Claim? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT claimHolder, claimExpires FROM meeting WHERE id = ?", arguments: [meetingId])
                .flatMap { Claim(storedHolder: $0["claimHolder"], storedExpires: $0["claimExpires"]) }
        }
    }

    /// Every meeting still `creating`, oldest first, with its claim: what recovery looks at, read
    /// without loading the meetings (most are another live process's, left to it).
    public func creatingClaims() async throws -> [(meetingId: String, claim: Claim?)] {
        try reading { db in
            try Row.fetchAll(
                db, sql: "SELECT id, claimHolder, claimExpires FROM meeting WHERE state = 'creating' ORDER BY createdAt, id"
            ).map { ($0["id"], Claim(storedHolder: $0["claimHolder"], storedExpires: $0["claimExpires"])) }
        }
    }
}

extension SQLiteStore {
    /// The guard is an open-file-description lock on one byte of `DATABASE.meetings.lock` (see
    /// `MeetingGuard`), so two tasks of one process exclude each other too.
    public func withMeetingGuard<T>(_ meetingId: String, wait: Duration, _ body: () async throws -> T) async throws -> T {
        let held = try await MeetingGuard.take(databasePath: path, meetingId: meetingId, wait: wait)
        defer { held.release() }
        return try await body()
    }
}
