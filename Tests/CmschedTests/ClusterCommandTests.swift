import Foundation
import SchedulerKit
import Testing
import TestSupport

/// Two `serve` processes (two homes, as two hosts) on one PostgreSQL database and cms-sim's three
/// Web Bridges: the full mesh, one leader, failover, changes pushed by both.
@Suite("cmsched serve: several schedulers on one PostgreSQL store", .serialized)
struct ClusterCommandTests {
    /// The simulator, the database, and a CLI per scheduler (`serve.instance` sched-a, sched-b).
    func setUp() throws -> (SimulatorProcess, String, [CLI]) {
        let (sim, base) = try SimulatorProcess.seeded()
        let url = try TestStores.freshPostgresURL()
        var clis: [CLI] = []
        for name in ["sched-a", "sched-b"] {
            var cli = try CLI()
            for (key, value) in base.environment where key.hasPrefix("CMSCHED_") { cli.environment[key] = value }
            for (key, value) in try TestStores.postgresEnvironment(url) { cli.environment[key] = value }
            cli.useC2W(try SimulatorProcess.pki.get())
            cli.environment["CMSCHED_SERVE_INSTANCE"] = name
            cli.environment["CMSCHED_CLEANUP_GRACE"] = "1h"
            clis.append(cli)
        }
        return (sim, url, clis)
    }

    /// `status`'s schedulers, by instance.
    func schedulers(_ cli: CLI) throws -> [String: [String: Any]] {
        let status = try cli.run(["status", "--offline", "--format", "json"])
        let list = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["schedulers"] as? [[String: Any]]
        return Dictionary(uniqueKeysWithValues: (list ?? []).map { ($0["instance"] as? String ?? "", $0) })
    }

    /// Polls `condition` every 200 ms until it holds or `timeout` passes.
    func eventually(_ timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    @Test func bothSchedulersLinkToEveryBridgeOneLeadsAndTheOtherTakesOverAndRunsTheMissedCleanupOnce() async throws {
        let (sim, url, clis) = try setUp()
        defer { sim.stop() }
        // A meeting that ended two hours ago (grace 1h): today's cleanup deletes its space. The
        // cluster ran yesterday's cleanup, so a run of today that nobody did is caught up.
        let utc = TimeZone(identifier: "UTC")!
        let start = LocalDateTime(Date().addingTimeInterval(-3 * 3_600), in: utc)
        let created = try clis[0].run(MeetingCommandTests.create.map { $0 == "2030-12-02T09:00" ? String(start.description.prefix(16)) : $0 }
            .map { $0 == "Europe/Berlin" ? "UTC" : $0 } + ["--key", "ended"])
        #expect(created.status == 0, "\(created.stderr)")
        let yesterday = LocalDateTime(Date().addingTimeInterval(-86_400), in: utc).dateText
        try TestStores.psql(url, "INSERT INTO jobRun VALUES ('cleanup', '\(yesterday)', 'sched-old', '2030-01-01 00:00:00.000', '2030-01-01 00:01:00.000', '0 deleted')")
        // sched-a's daily cleanup is not due today (23:59), sched-b's is (00:00): whoever leads decides.
        var a = clis[0], b = clis[1]
        a.environment["CMSCHED_CLEANUP_AT"] = "23:59"
        b.environment["CMSCHED_CLEANUP_AT"] = "00:00"
        let serveA = try ServeProcess(a)
        #expect(try await eventually(.seconds(20)) { try schedulers(a)["sched-a"]?["leader"] as? Bool == true })
        let serveB = try ServeProcess(b)
        defer { serveB.process.terminate() }
        for serve in [serveA, serveB] { #expect(try await serve.waitFor("C2W connection for webbridge", count: 3)) }

        // The full mesh: each Web Bridge lists both schedulers; status lists both, each 3/3 UP.
        let bridges = try #require(try await sim.control("GET", "/webBridges").body as? [[String: Any]])
        #expect(bridges.count == 3)
        #expect(bridges.allSatisfy { ($0["schedulers"] as? [[String: Any]])?.count == 2 }, "\(bridges)")
        #expect(try await eventually(.seconds(15)) {
            let listed = try schedulers(b)
            return listed.count == 2 && listed.values.allSatisfy { ($0["links"] as? [String: Int])?["up"] == 3 }
        })
        let listed = try schedulers(b)
        #expect(listed["sched-a"]?["leader"] as? Bool == true && listed["sched-b"]?["leader"] as? Bool == false)
        #expect(listed.values.allSatisfy { $0["stale"] as? Bool == false && $0["version"] as? String == CmschedVersion.current })

        // A web app create through bridge 1 reaches all three bridges from both schedulers, with one change number.
        let ids = try await sim.webBridgeIDs()
        let templates = try await sim.control("POST", "/webBridges/\(ids[0])/request", json: ["user": "saiacano@s.com", "op": "templates.list", "body": [:]])
        let template = try #require((((templates.body as? [String: Any])?["body"] as? [String: Any])?["templates"] as? [[String: Any]])?.first)
        let role = try #require((template["accessMethods"] as? [[String: Any]])?.first?["id"] as? String)
        let reply = try await sim.control("POST", "/webBridges/\(ids[0])/request", json: [
            "user": "saiacano@s.com", "op": "meetings.create",
            "body": ["name": "Mesh", "space": ["new": ["template": template["id"]!]], "start": "2030-05-04T10:00:00Z",
                     "end": "2030-05-04T11:00:00Z", "timeZone": "UTC", "organizerRole": role, "attendees": []] as [String: Any],
        ])
        let id = try #require((((reply.body as? [String: Any])?["body"] as? [String: Any])?["meeting"] as? [String: Any])?["id"] as? String)
        for bridge in ids {
            var changes: [Int] = []
            _ = try await eventually(.seconds(2)) {
                let events = try await sim.control("GET", "/webBridges/\(bridge)/events").body as? [[String: Any]] ?? []
                changes = events.compactMap { $0["body"] as? [String: Any] }.filter { $0["id"] as? String == id }.compactMap { $0["change"] as? Int }
                return changes.count == 2
            }
            #expect(changes.count == 2 && Set(changes).count == 1, "bridge \(bridge): \(changes)")
        }

        // The leader dies: sched-b leads within 30 s and runs today's missed cleanup, once.
        kill(serveA.process.processIdentifier, SIGKILL)
        #expect(try await eventually(.seconds(30)) { try schedulers(b)["sched-b"]?["leader"] as? Bool == true })
        #expect(try await serveB.waitFor("cleanup run: 1 deleted", timeout: 15))
        try await Task.sleep(for: .seconds(6))
        #expect(serveB.text.components(separatedBy: "cleanup run:").count == 2, "\(serveB.text)")
        #expect(try await sim.client().coSpaces().count == 2, "the ended meeting's space is gone, the new one's kept")
        let status = try clis[1].run(["status", "--offline"])
        #expect(status.stdout.contains("scheduler sched-b") && status.stdout.contains("leader"), "\(status.stdout)")
    }

    @Test func invitationsQueuedWithTwoSchedulersRunningAreEachSentOnce() async throws {
        let mail = try MailSetup.start()
        defer { mail.stop() }
        let url = try TestStores.freshPostgresURL()
        var clis: [CLI] = []
        for name in ["mail-a", "mail-b"] {
            var cli = try CLI()
            for (key, value) in mail.cli.environment where key.hasPrefix("CMSCHED_") { cli.environment[key] = value }
            for (key, value) in try TestStores.postgresEnvironment(url) { cli.environment[key] = value }
            cli.useC2W(try SimulatorProcess.pki.get())
            cli.environment["CMSCHED_SERVE_INSTANCE"] = name
            clis.append(cli)
        }
        // Both schedulers up first, then 200 meetings, each with an attendee and the organizer:
        // 400 invitations queued as the meetings are made, while both claim them. (Queued before
        // the second had started, the first could send them all.)
        let serves = try clis.map { try ServeProcess($0) }
        defer { for serve in serves { serve.process.terminate() } }
        let bulk = try clis[0].run(["meeting", "create", "--input", try clis[0].writeBulkFile("mail", count: 200), "--quiet"])
        #expect(bulk.status == 0, "\(bulk.stderr)")
        #expect(try await eventually(.seconds(90)) { try mail.smtp.messages().count >= 400 })
        try await Task.sleep(for: .seconds(3))
        let messages = try mail.smtp.messages()
        #expect(messages.count == 400)
        #expect(Set(messages.compactMap { $0["messageId"] as? String }).count == 400, "no message sent twice")
        #expect(serves.allSatisfy { $0.text.contains("outbox: ") }, "both schedulers sent")
        let left = try clis[1].run(["notify", "list", "--state", "queued", "--state", "sending", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(left.stdout.utf8)) as? [Any])?.isEmpty == true, "\(left.stdout)")
    }

    @Test func serveRidesOutAPostgresRestartAndLeadsAgain() async throws {
        let server = try PrivatePostgres()
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        for (key, value) in try TestStores.postgresEnvironment(try TestStores.freshPostgresURL(server.environment), server.environment) {
            cli.environment[key] = value
        }
        cli.useC2W(try SimulatorProcess.pki.get())
        cli.environment["CMSCHED_SERVE_INSTANCE"] = "survivor"
        let serve = try ServeProcess(cli)
        defer { serve.process.terminate() }
        #expect(try await serve.waitFor("survivor leads the store's schedulers"))
        #expect(try await serve.waitFor("C2W connection for webbridge", count: 3))

        // The database goes away for longer than a heartbeat may take: serve stays up, stops
        // leading (another instance could take the lease), and leads again once it is back.
        try server.stop()
        #expect(try await serve.waitFor("survivor no longer leads", timeout: 20), "\(serve.text)")
        try server.resume()
        #expect(try await serve.waitFor("survivor leads the store's schedulers", count: 2, timeout: 30), "\(serve.text)")
        #expect(serve.process.isRunning)

        // Its change feed listens again: a meeting made by the CLI reaches the Web Bridges.
        let created = try cli.run(MeetingCommandTests.create + ["--key", "after-restart", "--format", "json"])
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["id"] as? String)
        let bridge = try #require(try await sim.webBridgeIDs().first)
        #expect(try await eventually(.seconds(3)) {
            let events = try await sim.control("GET", "/webBridges/\(bridge)/events").body as? [[String: Any]] ?? []
            return events.contains { ($0["body"] as? [String: Any])?["id"] as? String == id }
        })
        #expect(!serve.text.contains("PSQLError – Generic description"), "errors are told in plain words")
    }

    @Test func aSecondServeUnderTheSameInstanceNameIsRefused() async throws {
        let (sim, _, clis) = try setUp()
        defer { sim.stop() }
        let first = try ServeProcess(clis[0])
        defer { first.process.terminate() }
        #expect(try await eventually(.seconds(20)) { try schedulers(clis[0])["sched-a"] != nil })
        var twin = clis[1]
        twin.environment["CMSCHED_SERVE_INSTANCE"] = "sched-a"
        let second = try ServeProcess(twin)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 75)
        #expect(second.text.contains("serve.instance 'sched-a' is already running"), "\(second.text)")
        #expect(!second.text.contains("Connecting to webBridge"), "refused before it links")
    }
}
