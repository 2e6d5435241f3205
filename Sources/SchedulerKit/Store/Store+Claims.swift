import Foundation
import GRDB

/// Claims on meetings being created: any process may create meetings while others do, and a
/// meeting left `creating` (its process stopped, or failed and let go) is finished by the one
/// process that claims it.
extension Store {
    /// Claims a meeting still `creating` for `claim.holder` when nobody holds it or its claim
    /// lapsed at `now`; returns the meeting as stored then. Nil when it is not to be had: a claim
    /// holds (another task of this process counts as another holder), or it is no longer `creating`.
    public func claimCreating(meetingId: String, as claim: Claim, now: Date) async throws -> Meeting? {
        try await writing { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT state, claimHolder, claimExpires FROM meeting WHERE id = ?", arguments: [meetingId]),
                row["state"] as String? == Meeting.State.creating.rawValue
            else { return nil }
            if let held = Self.claim(holder: row["claimHolder"], expires: row["claimExpires"]), !held.isLapsed(at: now) {
                return nil
            }
            try db.execute(
                sql: "UPDATE meeting SET claimHolder = ?, claimExpires = ? WHERE id = ?",
                arguments: [claim.holder.description, Int(claim.expires.timeIntervalSince1970.rounded(.up)), meetingId])
            return try self.load(db, where: "id = ?", arguments: [meetingId]).first
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
    public func creationClaim(meetingId: String) throws -> Claim? {
        try Self.translatingErrors(path: path) {
            try pool.read { db in
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT claimHolder, claimExpires FROM meeting WHERE id = ?", arguments: [meetingId])
                else { return nil }
                return Self.claim(holder: row["claimHolder"], expires: row["claimExpires"])
            }
        }
    }

    /// A stored claim. A holder no cmsched wrote cannot be asked whether it is alive: its claim
    /// holds until it expires.
    private static func claim(holder: String?, expires: Int?) -> Claim? {
        guard let expires else { return nil }
        let stored = holder.flatMap(ClaimHolder.init(stored:)) ?? ClaimHolder(host: "", boot: "", pid: 0, started: 0)
        return Claim(holder: stored, expires: Date(timeIntervalSince1970: TimeInterval(expires)))
    }
}

extension Store {
    /// The guard every change of one meeting holds (update, delete, cleanup), against every other
    /// task and process of this store, waiting up to `wait` for another holder (exit 75 then).
    public func guardMeeting(_ meetingId: String, wait: Duration = .seconds(30)) async throws -> MeetingGuard {
        try await MeetingGuard.take(databasePath: path, meetingId: meetingId, wait: wait)
    }
}
