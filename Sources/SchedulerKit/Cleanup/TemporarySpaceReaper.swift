import Foundation

/// What one cleanup run did, as `cleanup run` reports it.
public struct CleanupReport: Sendable, Encodable {
    /// One space the run looked at.
    public struct Item: Sendable, Encodable, Equatable {
        public var meetingId: String?
        public var name: String
        public var coSpaceId: String
        public var uri: String?
        /// When the meeting's last occurrence ended (RFC 3339, UTC).
        public var ended: String?
        public var reason: String?
    }

    /// Deleted (or, with `--dry-run`, due to be deleted).
    public var deleted: [Item] = []
    public var skipped: [Item] = []
    public var failed: [Item] = []
    /// Spaces cmsched made whose meeting the store does not know.
    public var orphans: [Item] = []
    public var dryRun: Bool
    public var now: String
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
    let store: Store
    let grace: TimeInterval
    let peers: @Sendable (CallBridgePeer) throws -> CallBridgeClient

    /// - Parameter peers: makes a client for another Call Bridge of the cluster (same credentials).
    public init(
        client: CallBridgeClient, store: Store, grace: TimeInterval,
        peers: @escaping @Sendable (CallBridgePeer) throws -> CallBridgeClient
    ) {
        self.client = client
        self.store = store
        self.grace = grace
        self.peers = peers
    }

    public func run(now: Date, dryRun: Bool, orphans: OrphanAction) async throws -> CleanupReport {
        var report = CleanupReport(dryRun: dryRun, now: RFC3339.string(now, in: Self.utc))
        let bridges = try await callBridges()
        // Oldest first, so a report reads in the order the meetings ended.
        let candidates = try store.meetings(in: [.scheduled, .cancelled])
            .filter { $0.space.kind == .temporary && ($0.space.state == .ready || $0.space.state == .deleting) }
            .map { (meeting: $0, lastEnd: $0.lastEnd) }
            .sorted { ($0.lastEnd ?? .distantFuture, $0.meeting.id) < ($1.lastEnd ?? .distantFuture, $1.meeting.id) }
        for (meeting, lastEnd) in candidates {
            var space = meeting.space
            guard let coSpace = space.coSpaceId else { continue }
            var item = CleanupReport.Item(
                meetingId: meeting.id, name: meeting.name, coSpaceId: coSpace, uri: space.uri,
                ended: lastEnd.map { RFC3339.string($0, in: Self.utc) })
            // A space half-deleted by a stopped run is finished whatever its meeting's dates.
            if space.state == .ready {
                guard meeting.state == .scheduled else { continue }
                guard let lastEnd else { continue }
                guard now.timeIntervalSince(lastEnd) >= grace else { continue }
            }
            if let busy = try await callInProgress(coSpace, bridges: bridges) {
                item.reason = busy
                report.skipped.append(item)
                continue
            }
            if dryRun {
                report.deleted.append(item)
                continue
            }
            do {
                space.state = .deleting
                try store.save(space)
                try await client.deleteCoSpaceIfPresent(id: coSpace)
                space.state = .deleted
                space.deletedAt = now
                try store.save(space)
                report.deleted.append(item)
            } catch let error as CallBridgeError {
                if case .unavailable = error { throw error }
                item.reason = error.cmschedError.message
                report.failed.append(item)
            }
        }
        report.orphans = try await findOrphans(delete: orphans == .delete && !dryRun, bridges: bridges)
        return report
    }

    private static let utc = TimeZone(identifier: "UTC")!

    /// This Call Bridge, then every other one the cluster lists (each lists only its own calls).
    private func callBridges() async throws -> [(name: String, client: CallBridgeClient?)] {
        var list: [(String, CallBridgeClient?)] = [("this Call Bridge", client)]
        for peer in try await client.callBridges() {
            guard let address = peer.address, address.trimmingCharacters(in: .whitespaces) != client.baseURL else { continue }
            list.append((peer.name ?? address, try? peers(peer)))
        }
        return list
    }

    /// Why the space must be left alone (a call, or a Call Bridge that cannot say), or nil.
    private func callInProgress(_ coSpace: String, bridges: [(name: String, client: CallBridgeClient?)]) async throws -> String? {
        for bridge in bridges {
            guard let peer = bridge.client else { return "cannot check calls on \(bridge.name): bad address" }
            do {
                if !(try await peer.calls(coSpace: coSpace)).isEmpty { return "call in progress on \(bridge.name)" }
            } catch let error as CallBridgeError where peer !== client {
                return "cannot check calls on \(bridge.name): \(error.cmschedError.message)"
            }
        }
        return nil
    }

    /// Spaces carrying cmsched's marker that no meeting in the store owns. Only spaces whose URI has
    /// the shape cmsched gives (`name.xxxxxx`) are read one by one, to keep big systems cheap.
    private func findOrphans(delete: Bool, bridges: [(name: String, client: CallBridgeClient?)]) async throws -> [CleanupReport.Item] {
        let known = try store.temporarySpaceIndex()
        var orphans: [CleanupReport.Item] = []
        for candidate in try await client.coSpaces() where SpaceNaming.looksGenerated(candidate.uri) {
            if let owner = known[candidate.uri!], owner.coSpaceId == nil || owner.coSpaceId == candidate.id { continue }
            let detail = try await client.coSpace(id: candidate.id)
            guard let tag = detail.cdrTag, tag.hasPrefix(SpaceProvisioner.markerPrefix) else { continue }
            var item = CleanupReport.Item(meetingId: nil, name: detail.name ?? "", coSpaceId: detail.id, uri: detail.uri)
            if delete {
                if let busy = try await callInProgress(detail.id, bridges: bridges) {
                    item.reason = "not deleted: \(busy)"
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
