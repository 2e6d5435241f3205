import Foundation

/// Exponential backoff with full jitter, bounded by attempts and an overall deadline.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// No retry starts after this much time since the first attempt.
    public var totalTimeout: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(90)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalTimeout = totalTimeout
    }

    /// The wait before retry number `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))],
    /// but never shorter than a server's `Retry-After`.
    public func delay(beforeRetry attempt: Int, retryAfter: Duration? = nil) -> Duration {
        let ceiling = min(maxDelay, baseDelay * Int(1 << min(attempt - 1, 20)))
        let jittered = ceiling * Double.random(in: 0...1)
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, .seconds(30)))
    }

    /// A `Retry-After` header in seconds (the HTTP-date form is ignored).
    public static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }
}
