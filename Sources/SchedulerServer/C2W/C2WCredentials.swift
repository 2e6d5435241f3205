import Crypto
import Foundation
import NIOCore
import NIOSSL
import SchedulerKit
import X509

/// The scheduler's C2W identity and trust: `c2w.key` and `c2w.cert` (full chain, presented to
/// every Web Bridge) and `c2w.trust` (the roots a Web Bridge's chain must lead to).
public struct C2WCredentials: Sendable {
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey
    /// The trust bundle, for swift-certificates' verifier.
    let roots: [Certificate]
    /// A digest of the three files, to tell whether a reload changed them.
    let fingerprint: String

    /// Reads the three files; a configuration error (78) names what is missing or wrong, a key
    /// file readable by others is refused (77).
    public static func load(_ settings: Settings) throws -> C2WCredentials {
        let keys: [ConfigKey] = [.c2wKey, .c2wCert, .c2wTrust]
        let missing = keys.filter { settings[$0] == nil }
        guard missing.isEmpty else {
            throw CmschedError.configuration(
                "C2W certificates are not configured: \(missing.map(\.rawValue).joined(separator: ", ")) not set")
        }
        let identity = try TLSIdentity(cert: .c2wCert, key: .c2wKey, in: settings)
        let roots = try CertificateCheck.certificates(settings[.c2wTrust]!, for: ConfigKey.c2wTrust.rawValue)
        var digest = SHA256()
        for key in keys { digest.update(data: FileManager.default.contents(atPath: settings[key]!) ?? Data()) }
        return C2WCredentials(
            chain: identity.chain, key: identity.key, roots: roots,
            fingerprint: digest.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// TLS 1.2 or newer, presenting the client certificate; the server chain is checked by
    /// `ServerCertificateCheck` (never switched off).
    func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateChain = chain.map { .certificate($0) }
        configuration.privateKey = .privateKey(key)
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = .certificates([])
        return configuration
    }
}

/// The server certificate a Web Bridge presented, and whether its chain verified against the
/// trust bundle and matched the host (SAN, or CN without SANs).
public struct ServerCertificate: Sendable, Equatable {
    public var subject: String
    public var sans: [String]
    public var notAfter: Date
    /// Why verification failed, or nil when it passed.
    public var problem: String?

    /// Checks `presented` (leaf first) against `roots` for `endpoint`, at the current time.
    static func check(_ presented: [Certificate], roots: [Certificate], endpoint: C2WEndpoint) async -> ServerCertificate? {
        guard let leaf = presented.first else { return nil }
        var result = ServerCertificate(
            subject: leaf.subject.description, sans: Self.names(of: leaf), notAfter: leaf.notValidAfter, problem: nil)
        let ip = endpoint.hostIsIPAddress ? endpoint.host : nil
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy()
            ServerIdentityPolicy(serverHostname: ip == nil ? endpoint.host : nil, serverIP: ip)
        }
        let outcome = await verifier.validate(leaf: leaf, intermediates: CertificateStore(Array(presented.dropFirst())))
        if case .couldNotValidate(let failures) = outcome {
            let reason = failures.first.map { "\($0.policyFailureReason)" } ?? "no chain to a root of c2w.trust"
            result.problem = "certificate \(leaf.subject) does not verify against c2w.trust for \(endpoint.host): \(reason)"
        }
        return result
    }

    static func names(of certificate: Certificate) -> [String] {
        guard let sans = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return sans.compactMap { name in
            switch name {
            case .dnsName(let dns): return "DNS:\(dns)"
            case .ipAddress(let octets):
                let bytes = Array(octets.bytes)
                if bytes.count == 4 { return "IP:" + bytes.map(String.init).joined(separator: ".") }
                var address = in6_addr()
                withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes.prefix(16)) }
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return nil }
                return "IP:" + String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            case .uniformResourceIdentifier(let uri): return "URI:\(uri)"
            case .rfc822Name(let mail): return "email:\(mail)"
            default: return nil
            }
        }
    }
}
