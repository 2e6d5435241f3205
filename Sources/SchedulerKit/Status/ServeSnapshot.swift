import Foundation

/// What a running `serve` tells `status` on the same host: written atomically next to the
/// database every few seconds (`<database>.serve.json`), removed when it stops. Stale when its
/// process is gone.
public struct ServeSnapshot: Codable, Sendable, Equatable {
    /// One C2W link, like the MMP's `scheduler status` shows it.
    public struct Link: Codable, Sendable, Equatable, StableJSON {
        public var url: String
        /// `UP` or `DOWN`.
        public var state: String
        public var since: String
        public var guid: String?
        public var reason: String?

        public init(url: String, state: String, since: String, guid: String?, reason: String?) {
            self.url = url
            self.state = state
            self.since = since
            self.guid = guid
            self.reason = reason
        }
    }

    /// The last daily cleanup run by serve.
    public struct Cleanup: Codable, Sendable, Equatable {
        public var at: String
        public var deleted: Int
        public var failed: Int
        public var error: String?

        public init(at: String, deleted: Int, failed: Int, error: String?) {
            self.at = at
            self.deleted = deleted
            self.failed = failed
            self.error = error
        }
    }

    public var pid: Int32
    public var startedAt: String
    public var updatedAt: String
    public var links: [Link]
    public var lastCleanup: Cleanup?
    public var outboxDepth: Int
    /// `HOST:PORT` of the HTTPS API, when it listens.
    public var https: String?
    /// Why serve cannot use its store now (its file removed or replaced, the disk full), if so.
    public var storeProblem: String?

    public init(
        pid: Int32, startedAt: String, updatedAt: String, links: [Link], lastCleanup: Cleanup?, outboxDepth: Int, https: String?,
        storeProblem: String? = nil
    ) {
        self.storeProblem = storeProblem
        self.pid = pid
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.links = links
        self.lastCleanup = lastCleanup
        self.outboxDepth = outboxDepth
        self.https = https
    }

    /// Where serve writes it for a database.
    public static func path(forDatabase database: String) -> String { database + ".serve.json" }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: path, mode: 0o600, createFolder: false)
    }

    /// The snapshot at `path`, nil when there is none or it cannot be read.
    public static func read(_ path: String) -> ServeSnapshot? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(ServeSnapshot.self, from: data)
    }

    /// True while the process that wrote it runs.
    public var isLive: Bool { kill(pid, 0) == 0 || errno == EPERM }
}
