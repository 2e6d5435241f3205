import Foundation
import Logging

/// What one cleanup run did, as `cleanup run` reports it.
public struct CleanupReport: Sendable, Encodable {
    /// One space the run looked at.
    public struct Item: Sendable, StableJSON, Equatable {
        public var meetingId: String?
        public var name: String
        public var coSpaceId: String
        public var uri: String?
        /// When the meeting's last occurrence ended (RFC 3339, UTC).
        public var ended: String?
        public var reason: String?
    }

    /// Deleted (or, in a dry run, due to be deleted: `wouldDelete` in JSON).
    public var deleted: [Item] = []
    public var skipped: [Item] = []
    public var failed: [Item] = []
    /// Spaces cmsched made whose meeting the store does not know.
    public var orphans: [Item] = []
    /// Meeting rows that could not be read back (skipped; the rest went on).
    public var unreadable: [UnreadableMeeting] = []
    /// Spaces kept because whether a call is running could not be told (a Call Bridge that could
    /// not be asked safely or at all): the run is partial.
    public var undetermined = 0
    public var dryRun: Bool
    public var now: String

    /// A dry run lists what it would delete under `wouldDelete`, a real one under `deleted`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deleted, forKey: dryRun ? .wouldDelete : .deleted)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(failed, forKey: .failed)
        try container.encode(orphans, forKey: .orphans)
        try container.encode(unreadable, forKey: .unreadable)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(now, forKey: .now)
    }

    enum CodingKeys: String, CodingKey { case deleted, wouldDelete, skipped, failed, orphans, unreadable, dryRun, now }

    /// The run's outcome for its exit code: partial when a space could not be deleted, was kept
    /// because its call state is unknown, or a meeting row could not be read back.
    public var failure: CmschedError? {
        guard !failed.isEmpty || undetermined > 0 || !unreadable.isEmpty else { return nil }
        return .partial(
            "\(failed.count) spaces could not be deleted, \(undetermined) kept because their call state is unknown, \(unreadable.count) meetings unreadable")
    }
}

/// Deletes temporary spaces whose meeting ended `grace` or more ago (the CMS Scheduler's daily job),
/// never a space with a call in progress on any Call Bridge of the cluster.
public struct TemporarySpaceReaper: Sendable {
    /// What to do with orphaned spaces.
    public enum OrphanAction: String, Sendable, CaseIterable {
        case report
        case delete
    }

    let client: CallBridgeClient
    let store: any MeetingStore
    let grace: TimeInterval
    let peers: @Sendable (CallBridgePeer) throws -> CallBridgeClient
    let logger: Logger

    /// - Parameter peers: makes a client for another Call Bridge of the cluster (same credentials).
    public init(
        client: CallBridgeClient, store: any MeetingStore, grace: TimeInterval,
        peers: @escaping @Sendable (CallBridgePeer) throws -> CallBridgeClient,
        logger: Logger = Logger(label: "cmsched")
    ) {
        self.client = client
        self.store = store
        self.grace = grace
        self.peers = peers
        self.logger = logger
    }

    /// Why a space is left alone this run.
    enum Hold {
        /// A call is in progress.
        case busy(String)
        /// A Call Bridge of the cluster could not say (the run is partial).
        case unknown(String)

        var reason: String {
            switch self {
            case .busy(let reason), .unknown(let reason): reason
            }
        }
    }

    public func run(now: Date, dryRun: Bool, orphans: OrphanAction) async throws -> CleanupReport {
        var report = CleanupReport(dryRun: dryRun, now: RFC3339.string(now, in: Self.utc))
        let bridges = try await callBridges()
        let scan = try await store.meetingsWithLiveTemporarySpaces()
        report.unreadable = scan.unreadable
        // Oldest first, so a report reads in the order the meetings ended.
        let candidates = scan.meetings
            .filter { isDue($0, now: now) }
            .map { (meeting: $0, lastEnd: $0.lastEnd) }
            .sorted { ($0.lastEnd ?? .distantFuture, $0.meeting.id) < ($1.lastEnd ?? .distantFuture, $1.meeting.id) }
        let provisioner = SpaceProvisioner(client: client, store: store, logger: logger)
        for (listed, lastEnd) in candidates {
            var item = CleanupReport.Item(
                meetingId: listed.id, name: listed.name, coSpaceId: listed.space.coSpaceId ?? "", uri: listed.space.uri,
                ended: lastEnd.map { RFC3339.string($0, in: Self.utc) })
            // The meeting's guard, then a fresh read: an update may have moved it meanwhile.
            var entered = false
            let outcome: Outcome
            do {
                outcome = try await store.withMeetingGuard(listed.id, wait: .zero) {
                    entered = true
                    return try await reap(listed.id, now: now, dryRun: dryRun, bridges: bridges, provisioner: provisioner)
                }
            } catch where !entered {
                item.reason = "being changed by another cmsched; left for the next run"
                report.skipped.append(item)
                continue
            }
            switch outcome {
            case .notDue: continue
            case .held(let hold):
                item.reason = hold.reason
                report.skipped.append(item)
                if case .unknown = hold { report.undetermined += 1 }
            case .deleted: report.deleted.append(item)
            case .failed(let reason):
                item.reason = reason
                report.failed.append(item)
            }
        }
        do {
            report.orphans = try await findOrphans(delete: orphans == .delete && !dryRun, bridges: bridges)
        } catch let error as CallBridgeError {
            // Meetings were handled; a Call Bridge reply the orphan scan cannot read fails that scan only.
            if case .unavailable = error { throw error }
            report.failed.append(CleanupReport.Item(
                meetingId: nil, name: "orphan scan", coSpaceId: "", reason: error.cmschedError.message))
        }
        return report
    }

    /// What became of one meeting's temporary space.
    private enum Outcome {
        /// No longer due (changed meanwhile), or gone.
        case notDue
        /// Left alone: a call, or a Call Bridge that cannot say.
        case held(Hold)
        /// Deleted (or, in a dry run, would be).
        case deleted
        case failed(String)
    }

    /// Deletes the meeting's temporary space when, read again under its guard, it is still due
    /// and no call uses it.
    private func reap(
        _ meetingId: String, now: Date, dryRun: Bool, bridges: [(name: String, client: CallBridgeClient?)],
        provisioner: SpaceProvisioner
    ) async throws -> Outcome {
        guard let meeting = try? await store.meeting(reference: meetingId), isDue(meeting, now: now),
            let coSpace = meeting.space.coSpaceId
        else { return .notDue }
        if let hold = try await callInProgress(coSpace, bridges: bridges) { return .held(hold) }
        guard !dryRun else { return .deleted }
        do {
            _ = try await provisioner.delete(meeting.space, now: now)
            return .deleted
        } catch let error as CallBridgeError {
            if case .unavailable = error { throw error }
            return .failed(error.cmschedError.message)
        }
    }

    /// True when the meeting's temporary space is due: its last occurrence ended `grace` or more
    /// ago, or a stopped run left it half-deleted (finished whatever its dates).
    private func isDue(_ meeting: Meeting, now: Date) -> Bool {
        let space = meeting.space
        guard space.kind == .temporary, space.coSpaceId != nil else { return false }
        switch space.state {
        case .deleting: return true
        case .ready:
            guard meeting.state == .scheduled, let lastEnd = meeting.lastEnd else { return false }
            return now.timeIntervalSince(lastEnd) >= grace
        default: return false
        }
    }

    private static let utc = TimeZone(identifier: "UTC")!

    /// This Call Bridge, then every other one the cluster lists (each lists only its own calls).
    private func callBridges() async throws -> [(name: String, client: CallBridgeClient?)] {
        var list: [(String, CallBridgeClient?)] = [("this Call Bridge", client)]
        for peer in try await client.callBridges() {
            guard let address = peer.address, address.trimmingCharacters(in: .whitespaces) != client.baseURL else { continue }
            do {
                list.append((peer.name ?? address, try peers(peer)))
            } catch {
                logger.warning("not asking Call Bridge \(peer.name ?? address) for calls: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                list.append((peer.name ?? address, nil))
            }
        }
        return list
    }

    /// Why the space must be left alone (a call, or a Call Bridge that cannot say), or nil.
    private func callInProgress(_ coSpace: String, bridges: [(name: String, client: CallBridgeClient?)]) async throws -> Hold? {
        for bridge in bridges {
            guard let peer = bridge.client else {
                return .unknown("cannot check calls on \(bridge.name): its address is not usable (https, or http on loopback only)")
            }
            do {
                if !(try await peer.calls(coSpace: coSpace)).isEmpty { return .busy("call in progress on \(bridge.name)") }
            } catch let error as CallBridgeError where peer !== client {
                return .unknown("cannot check calls on \(bridge.name): \(error.cmschedError.message)")
            }
        }
        return nil
    }

    /// Spaces carrying cmsched's marker that no meeting in the store owns. Only spaces whose URI has
    /// the shape cmsched gives (`name.xxxxxx`) are read one by one, to keep big systems cheap.
    private func findOrphans(delete: Bool, bridges: [(name: String, client: CallBridgeClient?)]) async throws -> [CleanupReport.Item] {
        let known = try await store.temporarySpaceIndex()
        var orphans: [CleanupReport.Item] = []
        for candidate in try await client.coSpaces() where SpaceNaming.looksGenerated(candidate.uri) {
            if let owner = known[candidate.uri!], owner.coSpaceId == nil || owner.coSpaceId == candidate.id { continue }
            let detail = try await client.coSpace(id: candidate.id)
            guard let tag = detail.cdrTag, tag.hasPrefix(SpaceProvisioner.markerPrefix) else { continue }
            var item = CleanupReport.Item(meetingId: nil, name: detail.name ?? "", coSpaceId: detail.id, uri: detail.uri)
            if delete {
                if let hold = try await callInProgress(detail.id, bridges: bridges) {
                    item.reason = "not deleted: \(hold.reason)"
                } else {
                    try await client.deleteCoSpaceIfPresent(id: detail.id)
                    item.reason = "deleted"
                }
            }
            orphans.append(item)
        }
        return orphans
    }
}
