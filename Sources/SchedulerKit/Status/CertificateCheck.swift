import Foundation
import SwiftASN1
import X509

/// What `status` finds in a key and certificate pair, as the MMP's `scheduler enable` checks it:
/// the key matches the certificate, the chain verifies, and how long until it expires.
public struct CertificateCheck: Sendable {
    /// The leaf certificate's subject.
    public var subject: String
    public var notAfter: Date
    public var daysLeft: Int
    /// Why the chain does not verify, or nil when it does.
    public var chainProblem: String?

    /// Certificates closer to expiry than this are a warning.
    public static let warningDays = 30

    /// Checks `certPath` (leaf first, then its chain) against `keyPath`; the chain must verify
    /// against the roots in the `trust` bundle, in the file itself, or the system's. Throws a
    /// configuration error for a file that cannot be read, a key that does not match, or an
    /// expired certificate.
    public static func run(
        certPath: String, certKey: String, keyPath: String, keyKey: String, trust: (path: String, key: String)?, now: Date
    ) async throws -> CertificateCheck {
        let chain = try matchingPair(certPath: certPath, certKey: certKey, keyPath: keyPath, keyKey: keyKey).chain
        let leaf = chain[0]
        guard leaf.notValidAfter > now else {
            throw CmschedError.configuration("\(certKey): the certificate \(leaf.subject) expired on \(RFC3339.string(leaf.notValidAfter, in: TimeZone(identifier: "UTC")!))")
        }
        var roots = chain.filter { $0.subject == $0.issuer }
        if let trust { roots += try certificates(trust.path, for: trust.key) }
        if let system = try? certificates("/etc/ssl/certs/ca-certificates.crt", for: "system roots") { roots += system }
        // Validity of the chain is judged at the current time (the expiry above uses `now`).
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy() }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(Array(chain.dropFirst())))
        var problem: String?
        if case .couldNotValidate(let failures) = result {
            problem = "the chain does not verify against "
                + (trust.map { "\($0.path), " } ?? "") + "its own root or the system roots"
                + (failures.first.map { " (\($0.policyFailureReason))" } ?? "")
        }
        return CertificateCheck(
            subject: leaf.subject.description, notAfter: leaf.notValidAfter,
            daysLeft: Int(leaf.notValidAfter.timeIntervalSince(now) / 86_400), chainProblem: problem)
    }

    /// Every certificate of a PEM file, leaf first: a configuration error naming `key` when the
    /// file cannot be read, holds none, or holds a CERTIFICATE block that is not X.509 (what
    /// `config set` checks of certificate keys, and every use of a CA file).
    public static func certificates(_ path: String, for key: String) throws -> [Certificate] {
        let text = try text(path, for: key)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw CmschedError.configuration("\(key): \(path) holds no PEM certificate")
        }
        let blocks = (try? PEMDocument.parseMultiple(pemString: text))?.filter { $0.discriminator == "CERTIFICATE" }
        guard let blocks, !blocks.isEmpty, let certificates = try? blocks.map({ try Certificate(derEncoded: $0.derBytes) }) else {
            throw CmschedError.configuration("\(key): \(path) holds a CERTIFICATE block that is not a valid X.509 certificate")
        }
        return certificates
    }

    /// A certificate file (leaf first) and the private key that must belong to its leaf: a
    /// configuration error naming both keys when they do not.
    public static func matchingPair(
        certPath: String, certKey: String, keyPath: String, keyKey: String
    ) throws -> (chain: [Certificate], key: Certificate.PrivateKey) {
        let chain = try certificates(certPath, for: certKey)
        let key = try privateKey(keyPath, for: keyKey)
        guard key.publicKey == chain[0].publicKey else {
            throw CmschedError.configuration("\(keyKey) does not match \(certKey): \(keyPath) is not the key of \(certPath)")
        }
        return (chain, key)
    }

    /// The private key of a PEM file: a configuration error naming `key` when there is none.
    public static func privateKey(_ path: String, for key: String) throws -> Certificate.PrivateKey {
        do {
            return try Certificate.PrivateKey(pemEncoded: text(path, for: key))
        } catch let error as CmschedError {
            throw error
        } catch {
            throw CmschedError.configuration("\(key): \(path) holds no private key cmsched can read (\(error))")
        }
    }

    private static func text(_ path: String, for key: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CmschedError.configuration("\(key): cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
