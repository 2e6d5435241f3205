import Foundation
import SchedulerKit
import Testing
import TestSupport

@Suite("cmsched serve: the HTTPS API, API users, metrics and status", .serialized)
struct ServeAPICommandTests {
    static let pki = SimulatorProcess.pki

    private func start(simulator extra: [String] = [], engine: StoreEngine = .sqlite) async throws -> (SimulatorProcess, CLI, ServeProcess, String) {
        try await ServeProcess.startWithHTTPS(simulator: extra, engine: engine)
    }

    private func call(
        _ base: String, _ method: String, _ path: String, json: Any? = nil, body: Data? = nil, password: String = "portal-secret-1"
    ) async throws -> (status: Int, headers: [String: String], json: [String: Any]) {
        let options = CurlOptions(caFile: try Self.pki.get().caFile, user: "portal", password: password)
        let data = try body ?? json.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try await CurlTransport(options: options).send(
            HTTPClientRequest(method: method, url: base + path, body: data, headers: ["Content-Type": "application/json"]))
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return (response.status, response.headers, object)
    }

    @Test func apiRoundTripWithAuthErrorsMetricsAndStatus() async throws {
        let (sim, cli, serve, base) = try await start()
        defer { sim.stop() }
        let api = base + "/api/v1/scheduler"

        let denied = try await call(api, "GET", "/templates", password: "wrong-password")
        #expect(denied.status == 401)
        #expect(denied.headers.first { $0.key.lowercased() == "www-authenticate" }?.value.hasPrefix("Basic realm=") == true)

        let templates = try await call(api, "GET", "/templates")
        #expect(templates.status == 200)
        let template = try #require((templates.json["templates"] as? [[String: Any]])?.first { $0["name"] as? String == "CoSpaceTemp-Scheduler" })

        let meeting: [String: Any] = [
            "name": "Planning via API", "organizer": "saiacano@s.com", "space": ["new": ["template": template["id"]!]],
            "start": "2030-06-03T09:00:00+02:00", "end": "2030-06-03T10:00:00+02:00", "timeZone": "Europe/Paris",
            "repeat": ["freq": "daily", "count": 2], "attendees": [["email": "bob@example.com"]],
        ]
        let created = try await call(api, "POST", "/meetings", json: meeting)
        #expect(created.status == 201, "\(created.json)")
        let id = try #require((created.json["meeting"] as? [String: Any])?["id"] as? String)
        #expect(created.headers.first { $0.key.lowercased() == "location" }?.value == "/api/v1/scheduler/meetings/\(id)")
        // No organizerRole: the TechNote's template names no default access method, so the
        // organizer joins by the space's own URI, as through the CLI.
        #expect((created.json["meeting"] as? [String: Any])?["organizerRole"] as? String == "space")
        #expect((created.json["meeting"] as? [String: Any])?["organizerRoleRule"] as? String == "space")
        #expect(try cli.run(["meeting", "show", id]).status == 0, "the CLI sees the API's meeting")

        let fetched = try await call(api, "GET", "/meetings/\(id)")
        #expect(fetched.status == 200 && fetched.json["name"] as? String == "Planning via API")
        let renamed = try await call(api, "PUT", "/meetings/\(id)", json: ["name": "Planning (moved)"])
        #expect(renamed.status == 200)
        #expect((renamed.json["meeting"] as? [String: Any])?["sequence"] as? Int == 1)

        let window = try await call(api, "GET", "/meetings?fromTime=2030-06-01T00:00:00Z&untilTime=2030-06-10T00:00:00Z")
        let occurrences = try #require(window.json["meetings"] as? [[String: Any]])
        #expect(occurrences.count == 2)
        #expect(occurrences.first?["timeZone"] as? String == "Europe/Paris")
        #expect((occurrences.first?["space"] as? [String: Any])?["uri"] is String)

        let bad = try await call(api, "POST", "/meetings", json: ["name": 7])
        #expect(bad.status == 400)
        #expect((bad.json["error"] as? [String: Any])?["pointer"] as? String == "/name")
        var badStart = meeting
        badStart["start"] = "next tuesday"
        let badTime = try await call(api, "POST", "/meetings", json: badStart)
        #expect(badTime.status == 400 && (badTime.json["error"] as? [String: Any])?["pointer"] as? String == "/start")
        let tooMany = try await call(api, "GET", "/meetings?maxMeetings=501")
        #expect(tooMany.status == 400 && (tooMany.json["error"] as? [String: Any])?["pointer"] as? String == "/maxMeetings")
        #expect(try await call(api, "GET", "/meetings/no-such-id").status == 404)
        let huge = try await call(api, "POST", "/meetings", body: Data(repeating: 0x61, count: (1 << 20) + 10))
        #expect(huge.status == 413)

        let deleted = try await call(api, "DELETE", "/meetings/\(id)")
        #expect(deleted.status == 204)
        #expect((try await call(api, "GET", "/meetings/\(id)").json["state"] as? String) == "cancelled")

        // Metrics without auth.
        let metrics = try await CurlTransport(options: CurlOptions(caFile: try Self.pki.get().caFile)).send(
            HTTPClientRequest(method: "GET", url: base + "/metrics"))
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(metrics.status == 200)
        // Gauges are there from start-up, read from the store (email is not configured here).
        for name in ["cmsched_c2w_link_up", "cmsched_https_requests_total", "cmsched_meetings_total{change=\"created\"} 1",
                     "cmsched_https_request_duration_seconds_bucket", "cmsched_outbox_messages{state=\"dead\"} 0",
                     "cmsched_outbox_depth ", "cmsched_store_up 1", "cmsched_leader "] {
            #expect(text.contains(name), "\(name)")
        }

        // status sees serve and its links while it runs (serve looks every second and writes the snapshot when it changed), and not after.
        var status = try cli.run(["status", "--offline", "--format", "json"])
        var object: [String: Any] = [:]
        for _ in 0..<100 {
            status = try cli.run(["status", "--offline", "--format", "json"])
            object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            if ((object["serve"] as? [String: Any])?["detail"] as? String)?.contains("C2W links UP 3/3") == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(((object["serve"] as? [String: Any])?["detail"] as? String)?.contains("C2W links UP 3/3") == true, "\(status.stdout)")
        #expect(((object["serve"] as? [String: Any])?["links"] as? [[String: Any]])?.map { $0["state"] as? String } == ["UP", "UP", "UP"])
        // The one scheduler of the store leads it (its heartbeat is in status, its lease in /metrics).
        var schedulers: [[String: Any]] = []
        for _ in 0..<50 {
            let json = try JSONSerialization.jsonObject(with: Data(try cli.run(["status", "--offline", "--format", "json"]).stdout.utf8))
            schedulers = (json as? [String: Any])?["schedulers"] as? [[String: Any]] ?? []
            if schedulers.first?["https"] is String, (schedulers.first?["links"] as? [String: Int])?["up"] == 3 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(schedulers.count == 1 && schedulers[0]["leader"] as? Bool == true && schedulers[0]["stale"] as? Bool == false, "\(schedulers)")
        #expect((schedulers.first?["https"] as? String)?.hasPrefix("127.0.0.1:") == true)
        let cluster = String(decoding: try await CurlTransport(options: CurlOptions(caFile: try Self.pki.get().caFile)).send(
            HTTPClientRequest(method: "GET", url: base + "/metrics")).body, as: UTF8.self)
        #expect(cluster.contains("cmsched_leader 1") && cluster.contains("cmsched_scheduler_links_total{instance="), "\(cluster)")
        serve.process.terminate()
        serve.process.waitUntilExit()
        status = try cli.run(["status", "--offline", "--format", "json"])
        object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((object["serve"] as? [String: Any])?["status"] as? String == "notConfigured")
        #expect((object["schedulers"] as? [Any])?.isEmpty == true, "a graceful stop removes the heartbeat")
    }

    @Test func schemathesisFindsNoServerErrorAndEveryResponseMatchesTheSpec() async throws {
        let (sim, _, serve, base) = try await start()
        defer {
            serve.process.terminate()
            sim.stop()
        }
        let published = URL(fileURLWithPath: RunningSimulator.exampleSeedPath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        // The spec with a real template, organizer and times pinned in MeetingCreate, so some
        // generated meetings are made and schemathesis follows the links to GET, PUT and DELETE
        // meetings/{id} with their ids.
        let templates = try await call(base + "/api/v1/scheduler", "GET", "/templates")
        let template = try #require((templates.json["templates"] as? [[String: Any]])?.first?["id"] as? String)
        var text = try String(contentsOf: published, encoding: .utf8)
        let create = try #require(text.range(of: "    MeetingCreate:\n"))
        let createEnd = try #require(text.range(of: "    MeetingUpdate:\n", range: create.upperBound..<text.endIndex))
        var block = String(text[create.upperBound..<createEnd.lowerBound])
        for (field, values) in [("organizer", "[\"saiacano@s.com\"]"), ("start", "[\"2030-06-03T09:00:00Z\"]"), ("end", "[\"2030-06-03T10:00:00Z\"]"),
                                ("timeZone", "[\"UTC\", \"Europe/Berlin\"]")] {
            let line = try #require(block.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\(field): {type: string") })
            block = block.replacingOccurrences(of: String(line), with: "        \(field): {type: string, enum: \(values)}")
        }
        text.replaceSubrange(create.upperBound..<createEnd.lowerBound, with: block)
        text = text.replacingOccurrences(of: "template: {type: string, description: coSpace template id}", with: "template: {type: string, enum: [\"\(template)\"]}")
            .replacingOccurrences(of: "a3b0c4d2-6e0f-4b6a-9a51-2f1c9d7e8b01", with: template)
        var cli = try CLI()
        let spec = try cli.write("openapi-pinned.yaml", text)
        cli.environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        let result = try cli.run(
            [
                "-c",
                "cd \"$3\" && exec schemathesis run \"$0\" --url \"$1\" --auth portal:portal-secret-1 --tls-verify \"$2\" -n \"${CMSCHED_SCHEMATHESIS_CASES:-10}\" --seed 20261202 --generation-database none --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
                spec, base + "/api/v1/scheduler", try Self.pki.get().caFile, cli.path(""),
            ], tool: "/bin/sh")
        #expect(result.status == 0, "\(result.stdout.suffix(4000))\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("passed"))
        // The id operations were exercised on meetings schemathesis made: some were created, and
        // some deleted by their ids (a DELETE answers 204 only for a meeting that exists).
        let metrics = try await CurlTransport(options: CurlOptions(caFile: try Self.pki.get().caFile))
            .send(HTTPClientRequest(method: "GET", url: base + "/metrics"))
        let created = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("cmsched_meetings_total{change=\"created\"}") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        #expect(created >= 1, "schemathesis made meetings (\(serve.text.suffix(500)))")
        let deleted = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("cmsched_https_requests_total") && $0.contains("method=\"DELETE\"") && $0.contains("status=\"204\"") }
        #expect(deleted != nil, "no DELETE /meetings/{id} of a meeting schemathesis made: \(result.stdout.suffix(2000))")
    }

    @Test(arguments: StoreEngine.allCases)
    func aMeetingPostedWhileABulkRunIsInProgressIsAnsweredWithoutWaitingForIt(engine: StoreEngine) async throws {
        let (sim, cli, serve, base) = try await start(simulator: ["--latency-ms", "60"], engine: engine)
        defer { sim.stop() }
        let bulk = try await cli.startBulkRun("nightly")
        #expect(bulk.process.isRunning, "the bulk run should still be going")
        let templates = try await call(base + "/api/v1/scheduler", "GET", "/templates")
        let template = try #require((templates.json["templates"] as? [[String: Any]])?.first { $0["name"] as? String == "CoSpaceTemp-Scheduler" })
        let created = try await call(base + "/api/v1/scheduler", "POST", "/meetings", json: [
            "name": "Web app meeting", "organizer": "saiacano@s.com", "space": ["new": ["template": template["id"]!]],
            "start": "2030-06-03T09:00:00Z", "end": "2030-06-03T10:00:00Z",
        ] as [String: Any])
        #expect(created.status == 201, "\(created.json)")
        #expect(bulk.process.isRunning, "the request should not have waited for the bulk run")
        #expect(try await bulk.interrupt().status == 130)
        let id = try #require((created.json["meeting"] as? [String: Any])?["id"] as? String)
        #expect(try cli.run(["meeting", "show", id]).status == 0)
        #expect(serve.process.isRunning, "\(serve.text)")
    }

    @Test func userListAndRemoveNeverShowPasswords() throws {
        let cli = try CLI()
        let piped = try cli.shell("printf 'first-password\\n' | \"$CMSCHED\" user add ops.team && printf 'second-password\\n' | \"$CMSCHED\" user add ops.team")
        #expect(piped.status == 0)
        #expect(piped.stdout == "added API user ops.team\nset a new password for API user ops.team\n")
        let list = try cli.run(["user", "list", "--format", "json"])
        #expect(list.stdout.contains("\"name\" : \"ops.team\""))
        #expect(!list.stdout.contains("password") && !list.stdout.contains("$2"))
        #expect(try cli.shell("printf 'short\\n' | \"$CMSCHED\" user add x").status == 65)
        #expect(try cli.shell("printf 'long-enough-1\\n' | \"$CMSCHED\" user add 'bad:name'").status == 65)
        #expect(try cli.run(["user", "add", "nobody"]).status == 66, "nothing on stdin")
        #expect(try cli.run(["user", "remove", "ops.team"]).stdout == "removed API user ops.team\n")
        let again = try cli.run(["user", "remove", "ops.team"])
        #expect(again.status == 0 && again.stdout == "no API user ops.team: nothing removed\n")
    }
}
