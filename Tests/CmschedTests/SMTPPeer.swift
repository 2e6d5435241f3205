import Foundation
import TestSupport

/// The test SMTP server (`Tests/peers/smtp_peer.py`, aiosmtpd) as a child process: STARTTLS with
/// the test CA's certificate, AUTH, each accepted message saved in `folder`.
final class SMTPPeer {
    static let user = "sched"
    static let password = "smtp-secret"
    static let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("peers")

    let process = Process()
    let port: Int
    let folder: String

    /// - Parameter actions: what to answer to successive messages: ok, 421, 451, 550, drop or slow.
    init(pki: TestPKI, actions: [String] = [], startTLS: Bool = true) throws {
        folder = StaleFolders.path(prefix: "cmsched-smtp-")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.peers.appendingPathComponent("smtp_peer.py").path, "--dir", folder,
            "--cert", pki.directory + "/server.pem", "--key", pki.directory + "/server.key",
            "--user", Self.user, "--password", Self.password, "--actions", actions.joined(separator: ","),
        ] + (startTLS ? [] : ["--no-starttls"])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("smtp "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw TestSupportError("smtp_peer.py printed \(text.debugDescription); is aiosmtpd installed (scripts/install-deps)?")
        }
        self.port = port
    }

    /// Every message received so far, as `inspect_mail.py` parses it (Python's email + icalendar).
    func messages() throws -> [[String: Any]] {
        let inspect = Process()
        inspect.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        inspect.arguments = ["python3", Self.peers.appendingPathComponent("inspect_mail.py").path, folder]
        let output = Pipe()
        inspect.standardOutput = output
        try inspect.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        inspect.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    /// The sessions (client ports) messages came on, and the most messages answered at once.
    func sessions() -> (ports: Set<Int>, atOnce: Int) {
        let log = (try? String(contentsOfFile: folder + "/sessions.log", encoding: .utf8)) ?? ""
        let lines = log.split(separator: "\n").map { $0.split(separator: " ").compactMap { Int($0) } }
        return (Set(lines.compactMap(\.first)), lines.compactMap(\.last).max() ?? 0)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

extension CLI {
    /// Points cmsched's email settings at a test SMTP peer (STARTTLS, AUTH, the test CA).
    mutating func useSMTP(_ peer: SMTPPeer, pki: TestPKI, password: String = SMTPPeer.password) throws {
        environment["CMSCHED_EMAIL_SERVER"] = "127.0.0.1"
        environment["CMSCHED_EMAIL_PORT"] = String(peer.port)
        environment["CMSCHED_EMAIL_FROM"] = "scheduler@s.com"
        environment["CMSCHED_EMAIL_AUTH"] = "enable"
        environment["CMSCHED_EMAIL_USERNAME"] = SMTPPeer.user
        environment["CMSCHED_EMAIL_PASSWORD_FILE"] = try write("secrets/smtp.pw", password + "\n")
        environment["CMSCHED_EMAIL_TRUST"] = pki.caFile
    }
}

/// A seeded simulator, a test SMTP server and a CLI pointed at both (join details with a SIP
/// domain and web base URL).
struct MailSetup {
    let sim: SimulatorProcess
    let smtp: SMTPPeer
    var cli: CLI

    static func start(actions: [String] = [], smtpPassword: String = SMTPPeer.password) throws -> MailSetup {
        var (sim, cli) = try SimulatorProcess.seeded()
        let pki = try SimulatorProcess.pki.get()
        let smtp = try SMTPPeer(pki: pki, actions: actions)
        cli.environment["CMSCHED_MEETINGS_SIP_DOMAIN"] = "s.com"
        cli.environment["CMSCHED_MEETINGS_WEB_BASE_URL"] = "https://join.s.com"
        try cli.useSMTP(smtp, pki: pki, password: smtpPassword)
        return MailSetup(sim: sim, smtp: smtp, cli: cli)
    }

    func stop() {
        sim.stop()
        smtp.stop()
    }
}
