import Foundation

/// The health of one part of the scheduler, as `cmsched status` reports it.
public struct PartStatus: Sendable, Equatable, Encodable {
    /// `ok`, `warning` (works, but needs attention soon), `notConfigured`, `skipped` (not
    /// contacted: offline) or `error`.
    public enum State: String, Sendable, Encodable {
        case ok
        case warning
        case notConfigured
        case skipped
        case error
    }

    public let status: State
    public let detail: String
    /// The exit code an error in this part maps to (not part of the JSON).
    public let failure: CmschedError?

    public static func ok(_ detail: String) -> PartStatus { PartStatus(status: .ok, detail: detail, failure: nil) }
    public static func warning(_ detail: String) -> PartStatus { PartStatus(status: .warning, detail: detail, failure: nil) }
    public static func skipped(_ detail: String) -> PartStatus { PartStatus(status: .skipped, detail: detail, failure: nil) }
    public static func notConfigured(_ detail: String) -> PartStatus {
        PartStatus(status: .notConfigured, detail: detail, failure: nil)
    }
    public static func error(_ error: CmschedError) -> PartStatus {
        PartStatus(status: .error, detail: error.message, failure: error)
    }

    enum CodingKeys: String, CodingKey { case status, detail }
}

/// The report of `cmsched status`, modelled on the MMP `scheduler status` command.
public struct SystemStatus: Sendable, Encodable {
    public let database: PartStatus
    public let callBridge: PartStatus
    public let https: PartStatus
    public let c2w: PartStatus
    public let email: PartStatus
    /// `serve` on this host: running, stale or not running.
    public let serve: PartStatus
    /// serve's C2W links, one per Web Bridge (empty when serve does not run).
    public let links: [ServeSnapshot.Link]
    /// Every `serve` of the store, on any host, from its heartbeat (empty when none ran lately
    /// or the database cannot be read).
    public let schedulers: [SchedulerView]

    /// The parts in display order with their names (each link as `webbridge URL`).
    public var parts: [(name: String, status: PartStatus)] {
        [("database", database), ("callBridge", callBridge), ("https", https), ("c2w", c2w), ("email", email), ("serve", serve)]
            + links.map { link in
                let detail = "\(link.state) since \(link.since)" + (link.guid.map { ", guid \($0)" } ?? "") + (link.reason.map { " (\($0))" } ?? "")
                return ("webbridge \(link.url)", link.state == "UP" ? .ok(detail) : .error(.unavailable(detail)))
            }
            + schedulers.map { ("scheduler \($0.instance)", $0.stale ? .warning($0.detail) : .ok($0.detail)) }
    }

    /// JSON: one `{status, detail}` object per part; `serve`'s also holds `links` (a list, empty
    /// when serve does not run), so every top-level value keeps the same shape.
    public func encode(to encoder: any Encoder) throws {
        struct ServePart: Encodable {
            let status: PartStatus.State
            let detail: String
            let links: [ServeSnapshot.Link]
        }
        var container = encoder.container(keyedBy: AnyKey.self)
        for (name, part) in [("database", database), ("callBridge", callBridge), ("https", https), ("c2w", c2w), ("email", email)] {
            try container.encode(part, forKey: AnyKey(stringValue: name))
        }
        try container.encode(ServePart(status: serve.status, detail: serve.detail, links: links), forKey: AnyKey(stringValue: "serve"))
        try container.encode(schedulers, forKey: AnyKey(stringValue: "schedulers"))
    }

    /// Partial (exit 3) when a configured part failed, naming them; nil when every one answers.
    public var failure: CmschedError? {
        let failed = parts.filter { $0.status.status == .error }
        guard !failed.isEmpty else { return nil }
        return .partial(failed.map { "\($0.name): \($0.status.detail)" }.joined(separator: "; "))
    }
}

/// One `serve` of the store as `status` shows it (the TechNote's picture of the mesh: every
/// scheduler with its links to the Web Bridges).
public struct SchedulerView: Sendable, Encodable, Equatable {
    public struct Links: Sendable, Encodable, Equatable {
        public let up: Int
        public let total: Int
    }

    public let instance: String
    public let host: String
    public let pid: Int
    public let version: String
    public let started: String
    public let lastSeen: String
    public let links: Links
    /// The HTTPS API's address, null when it does not listen.
    public let https: String?
    /// Holds the cluster jobs' lease (runs the daily cleanup).
    public let leader: Bool
    /// No heartbeat for `SchedulerInstance.staleAfter` seconds: gone, or cut off from the store.
    public let stale: Bool

    public init(_ instance: SchedulerInstance, leader: Bool, now: Date) {
        let utc = TimeZone(identifier: "UTC")!
        self.instance = instance.instance
        host = instance.host
        pid = instance.pid
        version = instance.version
        started = RFC3339.string(instance.started, in: utc)
        lastSeen = RFC3339.string(instance.lastSeen, in: utc)
        links = Links(up: instance.linksUp, total: instance.linksTotal)
        https = instance.https
        self.leader = leader
        stale = instance.isStale(at: now)
    }

    enum CodingKeys: String, CodingKey { case instance, host, pid, version, started, lastSeen, links, https, leader, stale }

    /// Written out so `https` is `null` when there is none: the derived encoder leaves such a key out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instance, forKey: .instance)
        try container.encode(host, forKey: .host)
        try container.encode(pid, forKey: .pid)
        try container.encode(version, forKey: .version)
        try container.encode(started, forKey: .started)
        try container.encode(lastSeen, forKey: .lastSeen)
        try container.encode(links, forKey: .links)
        try container.encode(https, forKey: .https)
        try container.encode(leader, forKey: .leader)
        try container.encode(stale, forKey: .stale)
    }

    /// The table's detail line.
    var detail: String {
        "host \(host) pid \(pid), version \(version), since \(started), last seen \(lastSeen)\(stale ? " (stale)" : ""); "
            + "C2W links UP \(links.up)/\(links.total)" + (https.map { "; HTTPS API on \($0)" } ?? "") + (leader ? "; leader" : "")
    }
}
