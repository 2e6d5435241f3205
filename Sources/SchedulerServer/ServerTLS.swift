import NIOSSL
import SchedulerKit

/// A key and full-chain certificate from the configuration, as NIO's TLS uses them: the key file
/// must be private (77), the key must belong to the certificate (78).
struct TLSIdentity {
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey

    init(cert certKey: ConfigKey, key keyKey: ConfigKey, in settings: Settings) throws {
        let certPath = settings[certKey] ?? "", keyPath = settings[keyKey] ?? ""
        try SecretFile.checkPermissions(keyPath, for: keyKey.rawValue)
        _ = try CertificateCheck.matchingPair(certPath: certPath, certKey: certKey.rawValue, keyPath: keyPath, keyKey: keyKey.rawValue)
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certPath)
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw CmschedError.configuration("\(certKey.rawValue)/\(keyKey.rawValue): TLS cannot use \(certPath) with \(keyPath) (\(error))")
        }
    }
}
