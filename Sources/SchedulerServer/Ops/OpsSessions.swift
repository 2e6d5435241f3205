import Crypto
import Foundation
import SchedulerKit

/// The sign-ins of the operations pages: a random token in a cookie (`HttpOnly`, `Secure`,
/// `SameSite=Strict`) names a session held in this process's memory, with its own CSRF token.
/// A session ends after `idle` without a request, `lifetime` after sign-in, or at sign-out; at
/// most `limit` are held (the oldest is dropped). A scheduler's sessions are its own: signing in
/// on one `serve` of a cluster does not sign in on another. The user's role is read from the
/// store at each request, so a removed or demoted user loses what they lost at once.
final class OpsSessions: @unchecked Sendable {
    struct Session: Sendable {
        let user: String
        let csrf: String
        let created: ContinuousClock.Instant
        var lastUsed: ContinuousClock.Instant
    }

    static let cookie = "cmsched_ops"
    static let idle: Duration = .seconds(30 * 60)
    static let lifetime: Duration = .seconds(12 * 3600)
    static let limit = 10_000

    private let lock = NSLock()
    /// By the SHA-256 of the token: the tokens themselves are kept nowhere.
    private var sessions: [SHA256.Digest: Session] = [:]

    /// A new session for `user`: its token (for the cookie) and CSRF token.
    func start(user: String) -> (token: String, session: Session) {
        let token = Self.randomToken()
        let now = ContinuousClock.now
        let session = Session(user: user, csrf: Self.randomToken(), created: now, lastUsed: now)
        lock.withLock {
            if sessions.count >= Self.limit {
                sessions = sessions.filter { Self.isLive($0.value, at: now) }
                if sessions.count >= Self.limit, let oldest = sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[Self.key(token)] = session
        }
        return (token, session)
    }

    /// The live session of `token`, its idle time restarted; nil when there is none.
    func session(_ token: String) -> Session? {
        let now = ContinuousClock.now
        return lock.withLock {
            let key = Self.key(token)
            guard var session = sessions[key] else { return nil }
            guard Self.isLive(session, at: now) else {
                sessions[key] = nil
                return nil
            }
            session.lastUsed = now
            sessions[key] = session
            return session
        }
    }

    func end(_ token: String) { _ = lock.withLock { sessions.removeValue(forKey: Self.key(token)) } }

    var count: Int { lock.withLock { sessions.count } }

    private static func isLive(_ session: Session, at now: ContinuousClock.Instant) -> Bool {
        now - session.lastUsed < idle && now - session.created < lifetime
    }

    private static func key(_ token: String) -> SHA256.Digest { SHA256.hash(data: Data(token.utf8)) }

    /// 32 random bytes as 64 hex digits.
    static func randomToken() -> String {
        SecureRandom.bytes(32).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether two tokens are equal, in a time that does not depend on where they differ.
    static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
