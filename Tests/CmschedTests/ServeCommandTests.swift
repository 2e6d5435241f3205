import Foundation
import SchedulerKit
import Testing
import TestSupport

/// `cmsched serve` as a child process; its log (stderr) goes to a file the test reads.
final class ServeProcess {
    let process = Process()
    let log: URL

    init(_ cli: CLI) throws {
        log = URL(fileURLWithPath: cli.path("serve-\(UUID().uuidString).log"))
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = CLI.productsDirectory.appendingPathComponent("cmsched")
        process.arguments = ["serve"]
        process.environment = cli.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
    }

    var text: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until the log holds `count` lines containing `fragment` (by default up to a minute:
    /// a serve started beside the whole suite on two cores once took over 20 s to link).
    @discardableResult
    func waitFor(_ fragment: String, count: Int = 1, timeout: TimeInterval = 60) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text.components(separatedBy: "\n").filter({ $0.contains(fragment) }).count >= count { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    deinit { if process.isRunning { process.terminate() } }
}

extension ServeProcess {
    /// A simulator, a CLI with C2W and HTTPS (port 0) configured and one API user, and serve running.
    static func startWithHTTPS(
        simulator extra: [String] = [], engine: StoreEngine = .sqlite, environment: [String: String] = [:]
    ) async throws -> (SimulatorProcess, CLI, ServeProcess, String) {
        let (sim, base) = try SimulatorProcess.seeded(extra)
        var cli = base
        if engine == .postgres {
            for (name, value) in try TestStores.postgresEnvironment(try TestStores.freshPostgresURL()) { cli.environment[name] = value }
        }
        let pki = try SimulatorProcess.pki.get()
        cli.useC2W(pki)
        cli.environment["CMSCHED_HTTPS_LISTEN"] = "127.0.0.1:0"
        cli.environment["CMSCHED_HTTPS_KEY"] = pki.directory + "/server.key"
        cli.environment["CMSCHED_HTTPS_CERT"] = pki.directory + "/server.pem"
        for (name, value) in environment { cli.environment[name] = value }
        let added = try cli.shell("printf 'portal-secret-1\\n' | \"$CMSCHED\" user add portal")
        #expect(added.status == 0 && added.stdout == "added API user portal\n", "\(added.stderr)")
        let serve = try ServeProcess(cli)
        #expect(try await serve.waitFor("HTTPS API listening on 127.0.0.1:"), "\(serve.text)")
        let line = try #require(serve.text.components(separatedBy: "\n").first { $0.contains("HTTPS API listening on") })
        let port = try #require(line.split(separator: ":").last.map(String.init))
        #expect(try await serve.waitFor(" UP", count: 3), "\(serve.text)")
        return (sim, cli, serve, "https://127.0.0.1:\(port)")
    }
}

@Suite("cmsched serve: C2W links to cms-sim's Web Bridges", .serialized)
struct ServeCommandTests {
    static let pki = SimulatorProcess.pki
    static let stranger = BridgeProbeCommandTests.stranger

    private func request(_ sim: SimulatorProcess, bridge: String, user: String, op: String, body: [String: Any]) async throws -> [String: Any] {
        let reply = try await sim.control("POST", "/webBridges/\(bridge)/request", json: ["user": user, "op": op, "body": body])
        #expect(reply.status == 200, "\(String(describing: reply.body))")
        return reply.body as? [String: Any] ?? [:]
    }

    private func events(_ sim: SimulatorProcess, _ bridge: String) async throws -> [[String: Any]] {
        try await sim.control("GET", "/webBridges/\(bridge)/events").body as? [[String: Any]] ?? []
    }

    @Test func linksEveryBridgeAnswersWebAppUsersAndPushesChanges() async throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get())
        let serve = try ServeProcess(cli)
        #expect(try await serve.waitFor("C2W connection for webbridge", count: 3), "\(serve.text)")
        #expect(serve.text.contains("getWebBridges - totalCount=3"))
        for url in sim.webBridges {
            let host = url.replacingOccurrences(of: "c2w://", with: "")
            #expect(serve.text.contains("Connecting to webBridge=\(host)"))
            #expect(serve.text.contains("from webbridge \(host)"))
            #expect(serve.text.contains("C2W connection for webbridge \(host) UP"))
        }
        let bridges = try await sim.webBridgeIDs()
        let listed = try #require(try await sim.control("GET", "/webBridges").body as? [[String: Any]])
        #expect(listed.allSatisfy { ($0["schedulers"] as? [[String: Any]])?.first?["subject"] as? String == "CN=cmsched scheduler" })

        // A web app user's templates, then a meeting made through the same rules as the CLI.
        let user = "saiacano@s.com"
        let templates = try await request(sim, bridge: bridges[0], user: user, op: "templates.list", body: [:])
        let template = try #require(((templates["body"] as? [String: Any])?["templates"] as? [[String: Any]])?.first)
        let role = try #require((template["accessMethods"] as? [[String: Any]])?.first?["id"] as? String)
        let created = try await request(sim, bridge: bridges[0], user: user, op: "meetings.create", body: [
            "name": "Web app sync", "space": ["new": ["template": template["id"]!]],
            "start": "2030-03-04T10:00:00+01:00", "end": "2030-03-04T11:00:00+01:00", "timeZone": "Europe/Berlin",
            "repeat": ["freq": "weekly", "count": 3], "organizerRole": role,
            "attendees": [["email": "bob@example.com", "role": role]],
        ])
        #expect(created["ok"] as? Bool == true, "\(created)")
        let meeting = try #require((created["body"] as? [String: Any])?["meeting"] as? [String: Any])
        let id = try #require(meeting["id"] as? String)
        let list = try cli.run(["meeting", "list", "--format", "json"])
        #expect(list.stdout.contains(id))
        let spaceName = try #require((meeting["space"] as? [String: Any])?["name"] as? String)
        #expect(try await sim.client().coSpaces(filter: spaceName).count == 1, "the Call Bridge has its space")

        // The change reaches every Web Bridge.
        for bridge in bridges {
            var seen = false
            for _ in 0..<200 where !seen {
                seen = try await events(sim, bridge).contains { ($0["body"] as? [String: Any])?["id"] as? String == id }
                if !seen { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(seen, "meeting.changed on \(bridge)")
        }

        // Their occurrences, and nobody else's meeting to change.
        let mine = try await request(sim, bridge: bridges[1], user: user, op: "meetings.list",
                                     body: ["from": "2030-03-01T00:00:00Z", "until": "2030-04-01T00:00:00Z"])
        #expect(((mine["body"] as? [String: Any])?["meetings"] as? [[String: Any]])?.count == 3)
        let theirs = try await request(sim, bridge: bridges[1], user: "gogi@s.com", op: "meetings.delete", body: ["id": id])
        #expect((theirs["error"] as? [String: Any])?["code"] as? String == "forbidden")
        let missing = try await request(sim, bridge: bridges[1], user: user, op: "meetings.delete", body: ["id": "no-such-meeting"])
        #expect((missing["error"] as? [String: Any])?["code"] as? String == "notFound")
        let bad = try await request(sim, bridge: bridges[1], user: user, op: "meetings.create", body: ["name": 5])
        #expect((bad["error"] as? [String: Any])?["code"] as? String == "invalidRequest")
        #expect(((bad["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("/name") == true)

        // A change by another process (the CLI) is pushed within a few seconds.
        let before = try await events(sim, bridges[2]).count
        let cliCreate = try cli.run([
            "meeting", "create", "--name", "From the CLI", "--template", "CoSpaceTemp-Scheduler", "--organizer", user,
            "--start", "2030-05-01T09:00", "--duration", "30m", "--tz", "UTC",
        ])
        #expect(cliCreate.status == 0, "\(cliCreate.stderr)")
        var after = before
        for _ in 0..<200 where after == before {
            try await Task.sleep(for: .milliseconds(50))
            after = try await events(sim, bridges[2]).count
        }
        #expect(after > before, "the CLI's meeting reached the Web Bridge")

        // A frame that is not JSON leaves the link up: the next request is still answered.
        let rawReply = try await sim.control("POST", "/webBridges/\(bridges[0])/send")
        #expect(rawReply.status == 200)
        let again = try await request(sim, bridge: bridges[0], user: user, op: "templates.list", body: [:])
        #expect(again["ok"] as? Bool == true)
        #expect(serve.text.contains("dropped a frame that is not a C2W JSON object"))

        // A frame over 1 MiB: the scheduler closes that link (1009) and links again.
        let host0 = sim.webBridges[0].replacingOccurrences(of: "c2w://", with: "")
        let upBefore = serve.text.components(separatedBy: "\n").filter { $0.contains("webbridge \(host0) UP") }.count
        let huge = "{\"type\":\"event\",\"pad\":\"" + String(repeating: "x", count: (1 << 20) + 100) + "\"}"
        let options0 = CurlOptions(caFile: try Self.pki.get().caFile, user: "schedapi", password: "cms-sim-api-password")
        _ = try await CurlTransport(options: options0).send(HTTPClientRequest(
            method: "POST", url: sim.url + "/_sim/webBridges/\(bridges[0])/send", body: Data(huge.utf8)))
        #expect(try await serve.waitFor("C2W connection for webbridge \(host0) DOWN"), "\(serve.text)")
        #expect(try await serve.waitFor("webbridge \(host0) UP", count: upBefore + 1), "\(serve.text)")

        // A bridge stopped and started: DOWN, then UP again.
        _ = try await sim.control("POST", "/webBridges/\(bridges[1])/stop")
        let host = sim.webBridges[1].replacingOccurrences(of: "c2w://", with: "")
        #expect(try await serve.waitFor("C2W connection for webbridge \(host) DOWN"), "\(serve.text)")
        _ = try await sim.control("POST", "/webBridges/\(bridges[1])/start")
        #expect(try await serve.waitFor("C2W connection for webbridge \(host) UP", count: 2), "\(serve.text)")

        // SIGHUP: the Web Bridge list is read again; a bridge added on the Call Bridge gets a link.
        let options = CurlOptions(caFile: try Self.pki.get().caFile, user: "schedapi", password: "cms-sim-api-password")
        let added = try await CurlTransport(options: options).send(HTTPClientRequest(
            method: "POST", url: sim.url + "/api/v1/webBridges", body: Data("url=c2w://127.0.0.1:1".utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded"]))
        #expect(added.status == 200)
        kill(serve.process.processIdentifier, SIGHUP)
        #expect(try await serve.waitFor("getWebBridges - totalCount=4"), "\(serve.text)")
        #expect(try await serve.waitFor("C2W connection for webbridge 127.0.0.1:1 DOWN"), "\(serve.text)")

        // SIGTERM: a graceful stop within 10 s, links closed.
        let stopStart = Date()
        serve.process.terminate()
        serve.process.waitUntilExit()
        #expect(Date().timeIntervalSince(stopStart) < 10)
        #expect(serve.process.terminationStatus == 0, "\(serve.text)")
        #expect(serve.text.contains("DOWN (scheduler stopping)"))
        let remaining = try #require(try await sim.control("GET", "/webBridges").body as? [[String: Any]])
        #expect(remaining.allSatisfy { ($0["schedulers"] as? [Any])?.isEmpty == true })
    }

    @Test func aBridgeOutsideTheTrustBundleStaysDownWithTheReason() async throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get(), trust: try Self.stranger.get().caFile)
        let serve = try ServeProcess(cli)
        #expect(try await serve.waitFor("DOWN (certificate CN=localhost does not verify against c2w.trust", count: 3), "\(serve.text)")
        #expect(!serve.text.contains(" UP"))
    }

    @Test func refusesToStartWithoutC2WCertificatesWhenWebBridgesExist() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let result = try cli.run(["serve"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("lists 3 C2W Web Bridge(s) but c2w.key, c2w.cert and c2w.trust are not set"))
        var mismatched = cli
        mismatched.useC2W(try Self.pki.get())
        mismatched.environment["CMSCHED_C2W_KEY"] = try Self.pki.get().directory + "/server.key"
        let wrongKey = try mismatched.run(["serve"])
        #expect(wrongKey.status == 78)
        #expect(wrongKey.stderr.contains("c2w.key does not match c2w.cert"))
    }

    @Test func theOutboxSenderDeliversWhatTheCLIQueues() async throws {
        let mail = try MailSetup.start()
        defer { mail.stop() }
        var cli = mail.cli
        cli.useC2W(try Self.pki.get())
        let serve = try ServeProcess(cli)
        #expect(try await serve.waitFor(" UP", count: 3), "\(serve.text)")
        let created = try cli.run([
            "meeting", "create", "--name", "Mailed by serve", "--template", "CoSpaceTemp-Scheduler", "--organizer", "saiacano@s.com",
            "--start", "2030-05-01T09:00", "--duration", "30m", "--tz", "UTC", "--attendee", "gogi@s.com",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        var delivered = 0
        for _ in 0..<100 where delivered == 0 {
            try await Task.sleep(for: .milliseconds(100))
            delivered = try mail.smtp.messages().count
        }
        #expect(delivered > 0, "serve sent the invitation without notify send: \(serve.text)")
        #expect(serve.text.contains("outbox: "))
    }
}
