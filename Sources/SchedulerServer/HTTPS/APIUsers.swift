import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import SchedulerKit

/// The users of `serve`'s HTTPS API, kept in the store with bcrypt password hashes.
public struct APIUsers: Sendable {
    let environment: Environment
    /// bcrypt's cost: 2^12 rounds.
    static let cost: UInt8 = 12

    public init(_ environment: Environment) { self.environment = environment }

    /// Adds `name` or gives it a new password; returns true when the user is new.
    public func set(_ name: String, password: String) async throws -> Bool {
        try Self.checkName(name)
        guard password.count >= 8 else { throw CmschedError.badInput("password: give at least 8 characters") }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CmschedError.badInput("password: control characters are not allowed")
        }
        let hash = Bcrypt.hash(password, cost: Self.cost)
        return try await environment.store().setAPIUser(name, passwordHash: hash, at: RFC3339.string(environment.now(), in: .gmt))
    }

    public func list() async throws -> [APIUser] { try await environment.store().apiUsers() }

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

/// Checks HTTP Basic credentials against the store. bcrypt runs on NIO's thread pool; a
/// successful check is remembered for a minute as a salted SHA-256 (never the password), so a
/// busy client does not pay bcrypt on every request.
public final class APIAuthenticator: @unchecked Sendable {
    let environment: Environment
    private let lock = NSLock()
    private var remembered: [String: (hash: String, digest: SHA256.Digest, until: ContinuousClock.Instant)] = [:]
    private let salt = SymmetricKey(size: .bits256)

    public init(_ environment: Environment) { self.environment = environment }

    /// True when `name` exists and `password` is theirs.
    public func verify(_ name: String, _ password: String) async -> Bool {
        guard let stored = try? await environment.store().apiUserHash(name) else { return false }
        let digest = SHA256.hash(data: Data((password + "\u{0}").utf8) + salt.withUnsafeBytes { Data($0) })
        let now = ContinuousClock.now
        if let entry = lock.withLock({ remembered[name] }), entry.hash == stored, entry.until > now, entry.digest == digest {
            return true
        }
        let ok = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: stored) }) ?? false
        if ok { lock.withLock { remembered[name] = (stored, digest, now + .seconds(60)) } }
        return ok
    }
}
