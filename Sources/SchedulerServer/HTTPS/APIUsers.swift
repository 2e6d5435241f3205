import Crypto
import Foundation
import HTTPTypes
import HummingbirdBcrypt
import SchedulerKit

/// The users of `serve`'s HTTPS API, kept in the store with bcrypt password hashes.
public struct APIUsers: Sendable {
    let environment: Environment
    /// bcrypt's cost: 2^12 rounds.
    static let cost: UInt8 = 12
    /// The longest password: bcrypt reads no more than 72 bytes.
    static let maxPasswordBytes = 72

    public init(_ environment: Environment) { self.environment = environment }

    /// Adds `name` (with `role`, else `APIRole.newUser`) or gives it a new password (and `role`,
    /// when given); returns true when the user is new.
    public func set(_ name: String, password: String, role: APIRole? = nil) async throws -> Bool {
        try Self.checkName(name)
        guard password.count >= 8 else { throw CmschedError.badInput("password: give at least 8 characters") }
        guard password.utf8.count <= Self.maxPasswordBytes else {
            throw CmschedError.badInput("password: at most \(Self.maxPasswordBytes) bytes of UTF-8 (bcrypt reads no more)")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CmschedError.badInput("password: control characters are not allowed")
        }
        let hash = Bcrypt.hash(password, cost: Self.cost)
        return try await environment.store().setAPIUser(
            name, passwordHash: hash, role: role, at: RFC3339.string(environment.now(), in: .gmt))
    }

    public func list() async throws -> [APIUser] { try await environment.store().apiUsers() }

    /// The role of `name` as stored now; nil when there is no such user or the role is not one
    /// this cmsched knows (such a user may do nothing).
    public func role(of name: String) async throws -> APIRole? {
        try await environment.store().apiUserCredentials(name).flatMap { APIRole(rawValue: $0.role) }
    }

    /// Removes `name`; false when there was no such user.
    public func remove(_ name: String) async throws -> Bool {
        try Self.checkName(name)
        return try await environment.store().removeAPIUser(name)
    }

    /// A user name: 1-64 letters, digits and `._@-` (no colon: HTTP Basic auth splits on it).
    static func checkName(_ name: String) throws {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw CmschedError.badInput("user name \(TextRules.escapingControls(name).debugDescription): use 1-64 letters, digits, '.', '_', '@' or '-'")
        }
    }
}

/// Checks HTTP Basic credentials against the store, the same way whether or not the user exists
/// (an unknown name is checked against a hash made at start, at the same bcrypt cost, so neither
/// the answer nor its time tells names apart). bcrypt runs on the CPU work threads (a core is
/// always left for everything else), at most
/// `ServeLimits.passwordChecks` at once with at most `ServeLimits.passwordQueue` waiting (beyond
/// that: busy); a client whose checks keep failing waits (`Backoff`) before its next one is run,
/// while a user whose password was checked in the last minute is recognised without bcrypt (a
/// salted SHA-256 of it, never the password), so a flood of wrong passwords slows neither.
public final class APIAuthenticator: @unchecked Sendable {
    public enum Outcome: Sendable, Equatable {
        case allowed(APIRole)
        case refused
        /// The client must wait this long before another check (429), or the checks are full (503).
        case backOff(seconds: Int)
        case busy
        /// The store could not be asked: no answer about the user either way (503).
        case storeUnavailable(String)
    }

    let environment: Environment
    private let lock = NSLock()
    private var remembered: [String: (hash: String, role: String, digest: SHA256.Digest, until: ContinuousClock.Instant)] = [:]
    private let salt = SymmetricKey(size: .bits256)
    private var failures: [String: Backoff] = [:]
    private let checks = AdmissionGate(running: ServeLimits.passwordChecks, waiting: ServeLimits.passwordQueue)
    /// What a password of no user is checked against.
    private let decoy: String

    let metrics: ServeMetrics?

    public init(_ environment: Environment, metrics: ServeMetrics? = nil) {
        self.environment = environment
        self.metrics = metrics
        decoy = Bcrypt.hash(SecureRandom.string(24, from: Array("abcdefghijklmnopqrstuvwxyz0123456789")), cost: APIUsers.cost)
    }

    /// Whether `name` with `password` may in, for a request from `client` (its address).
    public func verify(_ name: String, _ password: String, client: String) async -> Outcome {
        // bcrypt reads 72 bytes at most: a longer password is no user's (`user add` refuses them).
        let usable = password.utf8.count <= APIUsers.maxPasswordBytes
        let credentials: (hash: String, role: String)?
        do {
            credentials = try await environment.store().apiUserCredentials(name)
        } catch {
            return .storeUnavailable(CmschedError.wrapping(error)?.message ?? "\(error)")
        }
        let stored = credentials?.hash
        // A role this build does not know lets the user do nothing (never taken as another role).
        let role = credentials.flatMap { APIRole(rawValue: $0.role) }
        if let credentials, role == nil {
            environment.logger.component(.api).error(
                "API user \(name) has a role this cmsched does not know ('\(TextRules.escapingControls(credentials.role))'): refused")
        }
        let digest = SHA256.hash(data: Data((password + "\u{0}").utf8) + salt.withUnsafeBytes { Data($0) })
        let now = ContinuousClock.now
        if let stored, let role, let entry = lock.withLock({ remembered[name] }), entry.hash == stored, entry.role == role.rawValue,
           entry.until > now, entry.digest == digest {
            return .allowed(role)
        }
        guard await checks.enter("bcrypt") else { return .busy }
        defer { checks.leave("bcrypt") }
        // Asked once a check's turn has come: checks that waited behind a client's failures see them.
        if let wait = lock.withLock({ failures[client]?.wait(at: .now) }) { return .backOff(seconds: wait) }
        let hash = stored ?? decoy
        let matches = await CPUWork.run { Bcrypt.verify(password, hash: hash) }
        metrics?.passwordChecked()
        let ok = matches && stored != nil && role != nil && usable
        lock.withLock {
            if ok {
                remembered[name] = (hash, role?.rawValue ?? "", digest, now + .seconds(60))
                failures[client] = nil
            } else {
                failures[client, default: Backoff()].failed(at: .now)
                if failures.count > 10_000 { failures = failures.filter { $0.value.wait(at: now) != nil } }
            }
        }
        guard ok, let role else { return .refused }
        return .allowed(role)
    }
}

/// One client's failed password checks: after `free` failures within ten minutes, each further
/// check waits 1 s, then 2, 4, … up to 60 s after the last failure. A success clears it.
struct Backoff {
    static let free = 5
    var count = 0
    var last: ContinuousClock.Instant?

    mutating func failed(at now: ContinuousClock.Instant) {
        if let last, now - last > .seconds(600) { count = 0 }
        count += 1
        last = now
    }

    /// Seconds still to wait, or nil when a check may run now.
    func wait(at now: ContinuousClock.Instant) -> Int? {
        guard count >= Self.free, let last else { return nil }
        let delay = Duration.seconds(min(60, 1 << min(count - Self.free, 6)))
        let left = last + delay - now
        return left > .zero ? max(1, Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0)) : nil
    }
}

extension APIRole {
    /// Whether this role may make a request with `method` on `path`: every role reads; a
    /// scheduler also changes meetings; only an admin changes serve's log levels.
    func may(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        if method == .get || method == .head { return true }
        if path == SchedulerAPI.prefix + "/" + LoggingRoutes.path { return self == .admin }
        return self == .admin || self == .scheduler
    }
}
