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

    /// The parts in display order with their names (each link as `webbridge URL`).
    public var parts: [(name: String, status: PartStatus)] {
        [("database", database), ("callBridge", callBridge), ("https", https), ("c2w", c2w), ("email", email), ("serve", serve)]
            + links.map { link in
                let detail = "\(link.state) since \(link.since)" + (link.guid.map { ", guid \($0)" } ?? "") + (link.reason.map { " (\($0))" } ?? "")
                return ("webbridge \(link.url)", link.state == "UP" ? .ok(detail) : .error(.unavailable(detail)))
            }
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
    }

    /// Partial (exit 3) when a configured part failed, naming them; nil when every one answers.
    public var failure: CmschedError? {
        let failed = parts.filter { $0.status.status == .error }
        guard !failed.isEmpty else { return nil }
        return .partial(failed.map { "\($0.name): \($0.status.detail)" }.joined(separator: "; "))
    }
}
