import Crypto
import Foundation
import SwiftASN1
import X509

/// The certificates the simulated Web Bridges use when `cms-sim` is not given `--tls-dir`: a CA,
/// a server certificate for 127.0.0.1/localhost and a client certificate for cmsched, made with
/// swift-certificates in a new private folder and valid for two years. Same layout as `--tls-dir`:
/// `ca.pem`, `server.pem`, `server.key`, `client.pem`, `client.key`.
public enum SimPKI {
    /// Writes a fresh CA and its two leaf certificates into a new folder under the temporary
    /// directory; returns the folder.
    public static func makeTemporary() throws -> String {
        let directory = NSTemporaryDirectory() + "cms-sim-tls-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try make(in: directory)
        return directory
    }

    /// Makes the certificates in `directory` when it is missing or empty (and keeps them there, so
    /// a configuration that points at them survives a restart); true when it made them. A folder
    /// that holds other files but not `server.pem` and `server.key` is refused, untouched.
    public static func prepare(_ directory: String) throws -> Bool {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if files.contains("server.pem") && files.contains("server.key") { return false }
        guard files.isEmpty else {
            throw SimSeedError(message: "\(directory) holds no server.pem and server.key; give an empty or new folder to have them made")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try make(in: directory)
        return true
    }

    /// Writes the CA and leaf certificates into `directory`.
    public static func make(in directory: String, validity: TimeInterval = 2 * 365 * 86_400) throws {
        let now = Date()
        let caKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let caName = try DistinguishedName { CommonName("cms-sim Web Bridge CA") }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: caKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(validity),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: caKey)
        try write(ca.serializeAsPEM().pemString, to: directory + "/ca.pem", mode: 0o644)

        func leaf(_ name: String, commonName: String, usages: [ExtendedKeyUsage.Usage], names: [GeneralName]) throws {
            let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-3_600), notValidAfter: now.addingTimeInterval(validity),
                issuer: caName, subject: try DistinguishedName { CommonName(commonName) },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage(usages)
                    if !names.isEmpty { SubjectAlternativeNames(names) }
                },
                issuerPrivateKey: caKey)
            try write(certificate.serializeAsPEM().pemString, to: directory + "/\(name).pem", mode: 0o644)
            try write(key.serializeAsPEM().pemString, to: directory + "/\(name).key", mode: 0o600)
        }
        try leaf(
            "server", commonName: "localhost", usages: [.serverAuth, .clientAuth],
            names: [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
        try leaf("client", commonName: "cmsched scheduler", usages: [.clientAuth], names: [])
    }

    private static func write(_ text: String, to path: String, mode: mode_t) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: mode]) else {
            throw SimSeedError(message: "cannot write \(path)")
        }
    }
}
