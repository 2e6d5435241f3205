import Foundation
import SchedulerKit

/// The limits `serve` holds its peers to, named in one place (README, "Limits").
public struct ServeLimits: Sendable {
    /// HTTPS connections open at once (`https.max_connections`).
    public var maxConnections: Int
    /// How long an HTTPS connection may send nothing of a request (`https.idle_timeout`).
    public var idleTimeout: Duration
    /// The largest request head (its header fields together), and the largest single field.
    public static let maxHeaderBytes = 16 * 1024
    /// Password checks (bcrypt) run at once, and how many may wait for one (then: busy).
    public static let passwordChecks = max(2, ProcessInfo.processInfo.activeProcessorCount)
    public static let passwordQueue = 64

    public init(_ settings: Settings) {
        maxConnections = Int(settings[.httpsMaxConnections] ?? ConfigKey.httpsMaxConnections.defaultValue!) ?? 1000
        idleTimeout = .seconds(DurationText.seconds(settings[.httpsIdleTimeout] ?? ConfigKey.httpsIdleTimeout.defaultValue!) ?? 10)
    }
}
