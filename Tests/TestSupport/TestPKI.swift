import Foundation

/// Certificates made with openssl for one test run: a CA, and a server certificate for 127.0.0.1/localhost.
/// Files: `ca.pem`, `ca.key`, `server.pem`, `server.key` (the layout `cms-sim --tls-dir` reads),
/// and `client.pem`, `client.key` for cmsched's C2W links.
public struct TestPKI: Sendable {
    public let directory: String
    public var caFile: String { directory + "/ca.pem" }

    /// Makes a fresh CA and server certificate in a new temporary folder (one per test process:
    /// folders left by earlier processes are removed first).
    public static func make(commonName: String = "cmsched test CA") throws -> TestPKI {
        let directory = StaleFolders.path(prefix: "cmsched-pki-")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        try pki.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=\(commonName)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try pki.issue(name: "server", subject: "/CN=localhost", extensions: """
            subjectAltName=IP:127.0.0.1,DNS:localhost
            basicConstraints=CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth,clientAuth
            """)
        try pki.issue(name: "client", subject: "/CN=cmsched scheduler", extensions: """
            basicConstraints=CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=clientAuth
            """)
        return pki
    }

    /// Issues `NAME.pem`/`NAME.key` signed by this CA with the given extensions.
    public func issue(name: String, subject: String, extensions: String) throws {
        try extensions.write(toFile: directory + "/\(name).ext", atomically: true, encoding: .utf8)
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject,
        ])
        try openssl([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
        ])
        chmod(directory + "/\(name).key", 0o600)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("openssl \(arguments.prefix(2).joined(separator: " ")) failed")
        }
    }
}

/// A failure of the test scaffolding itself.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
