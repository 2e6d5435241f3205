import Foundation
import SchedulerKit
import Testing
import TestSupport

@Suite("cmsched meeting commands against cms-sim", .serialized)
struct MeetingCommandTests {
    /// A simulator and a CLI whose join details use a SIP domain and web base URL.
    func setUp(_ extra: [String] = []) throws -> (SimulatorProcess, CLI) {
        var (sim, cli) = try SimulatorProcess.seeded(extra)
        cli.environment["CMSCHED_MEETINGS_SIP_DOMAIN"] = "s.com"
        cli.environment["CMSCHED_MEETINGS_WEB_BASE_URL"] = "https://join.s.com"
        return (sim, cli)
    }

    static let create = [
        "meeting", "create", "--name", "Test-XRP", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
        "--start", "2030-12-02T09:00", "--duration", "1h", "--tz", "Europe/Berlin", "--attendee", "gogi@s.com=ExternalAccessMeth",
    ]

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func createPrintsTheMeetingWithJoinDetailsForScripts() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let result = try cli.run(Self.create + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let meeting = try #require(try json(result.stdout) as? [String: Any])
        #expect((meeting["id"] as? String)?.count == 36)
        let space = try #require(meeting["space"] as? [String: Any])
        #expect((space["id"] as? String)?.count == 36)
        let details = try #require(meeting["joinDetails"] as? [[String: Any]])
        // The TechNote's template names no default access method: the organizer joins by the space.
        #expect(details.map { $0["roleName"] as? String } == ["ExternalAccessMeth", "InternalAccessMeth", "space"])
        #expect((details[0]["sipUri"] as? String)?.hasSuffix(".guest@s.com") == true)
        #expect((details[0]["webLink"] as? String)?.hasPrefix("https://join.s.com/meeting/") == true)
        #expect(meeting["start"] as? String == "2030-12-02T09:00:00+01:00")

        let shown = try cli.run(["meeting", "show", meeting["id"] as! String])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("ExternalAccessMeth"))
    }

    @Test func aStartInThePastIsAcceptedWithAWarning() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "2030-12-02T09:00")!] = "2020-01-06T09:00"
        let result = try cli.run(arguments + ["--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: meeting 'Test-XRP' starts in the past"))
    }

    @Test func badInputExits65AndWritesNothing() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "1h")!] = "0m"
        let result = try cli.run(arguments)
        #expect(result.status == 65)
        #expect(result.stderr == "cmsched: --duration: must be more than zero\n")
        #expect(try cli.run(["meeting", "list", "--format", "json"]).stdout == "[\n\n]\n")
        #expect(try await sim.client().coSpaces().count == 1)
    }

    @Test func bulkCSVReportsEachRowAndIsIdempotent() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let csv = try cli.write("week.csv", """
            key,name,start,duration,tz,repeat,count,template,organizer,attendees\r
            a,Daily,2030-12-02T09:00,15m,Europe/Berlin,daily,5,CoSpaceTemp-Scheduler,saiacano@s.com,gogi@s.com\r
            b,Broken,2030-12-02T09:00,15m,Nowhere/City,,,CoSpaceTemp-Scheduler,saiacano@s.com,\r
            c,Weekly,2030-12-03T10:00,1h,America/New_York,weekly,3,CoSpaceTemp-Scheduler,gogi@s.com,"x@y.com=InternalAccessMeth;z@y.com"\r

            """)
        let first = try cli.run(["meeting", "create", "--input", csv, "--format", "json"])
        #expect(first.status == 3, "\(first.stderr)")
        let rows = try #require(try json(first.stdout) as? [[String: Any]])
        #expect(rows.map { $0["line"] as? Int } == [2, 3, 4])
        #expect(rows.map { $0["status"] as? String } == ["created", "failed", "created"])
        #expect((rows[1]["error"] as? String)?.contains("field tz: 'Nowhere/City'") == true)
        #expect((rows[1]["error"] as? String)?.contains(":3:") == true || (rows[1]["error"] as? String)?.contains("line 3") == true)
        #expect(first.stderr.contains("Nowhere/City"))
        #expect(try await sim.client().coSpaces().count == 3)

        let again = try cli.run(["meeting", "create", "--input", csv, "--format", "json"])
        #expect(again.status == 3)
        let second = try #require(try json(again.stdout) as? [[String: Any]])
        #expect(second.map { $0["status"] as? String } == ["existing", "failed", "existing"])
        #expect(second[0]["id"] as? String == rows[0]["id"] as? String)
        #expect(try await sim.client().coSpaces().count == 3)
    }

    @Test func bulkWithNoGoodRowExitsWithItsRowsFailure() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let csv = try cli.write("bad.csv", "name,start,duration,template,organizer\nX,2030-12-02T09:00,1h,NoSuchTemplate,saiacano@s.com\n")
        let result = try cli.run(["meeting", "create", "--input", csv])
        #expect(result.status == 66, "a template that does not exist")
        let badTime = try cli.write("bad-time.csv", "name,start,duration,template,organizer\nX,someday,1h,CoSpaceTemp-Scheduler,saiacano@s.com\n")
        #expect(try cli.run(["meeting", "create", "--input", badTime]).status == 65)
        #expect(result.stdout.contains("failed"))
    }

    @Test func malformedCSVExits65NamingTheLine() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let csv = try cli.write("broken.csv", "name,start\n\"Unclosed,2030-12-02T09:00\n")
        let result = try cli.run(["meeting", "create", "--input", csv])
        #expect(result.status == 65)
        #expect(result.stderr == "cmsched: \(csv):2: unbalanced quote (the field never ends)\n")
    }

    @Test func missingInputFileExits66() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let result = try cli.run(["meeting", "create", "--input", cli.path("nope.csv")])
        #expect(result.status == 66)
    }

    @Test func aMeetingIsCreatedWhileABulkRunIsInProgress() async throws {
        let (sim, cli) = try setUp(["--latency-ms", "60"])
        defer { sim.stop() }
        let bulk = try await cli.startBulkRun("night")
        #expect(bulk.process.isRunning, "the bulk run should still be going")
        // No store-wide lock: the meeting is made now, not after the bulk run (which takes far longer).
        let single = try cli.run(Self.create + ["--key", "web-app", "--format", "json"])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(bulk.process.isRunning, "the meeting should not have waited for the bulk run")
        #expect(try await bulk.interrupt().status == 130)
        #expect(try cli.run(["meeting", "show", "web-app"]).status == 0)
    }

    @Test func oneFileBulkRunByTwoProcessesAtOnceMakesEachMeetingOnce() async throws {
        let (sim, cli) = try setUp(["--latency-ms", "20"])
        defer { sim.stop() }
        let input = try cli.writeBulkFile("twice", count: 30)
        let runs = try (0..<2).map { _ in try cli.start(["meeting", "create", "--input", input, "--format", "json"]) }
        var reports: [[String: String]] = []
        for run in runs {
            let result = try await run.finish()
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try json(result.stdout) as? [[String: Any]])
            #expect(rows.count == 30)
            reports.append(Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as! String, $0["id"] as! String) }))
        }
        // Both runs report the same meeting for each key; the Call Bridge has one space per meeting.
        #expect(reports[0] == reports[1])
        #expect(Set(reports[0].values).count == 30)
        #expect(try await sim.client().coSpaces().count == 31)
        let listed = try #require(try json(try cli.run(["meeting", "list", "--format", "json"]).stdout) as? [[String: Any]])
        #expect(listed.count == 30)
    }

    @Test func dryRunChangesNothing() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let result = try cli.run(Self.create + ["--dry-run"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("would create meeting"))
        #expect(try await sim.client().coSpaces().count == 1)
        #expect(try cli.run(["meeting", "list", "--format", "csv"]).stdout.split(whereSeparator: \.isNewline).count == 1)
    }

    @Test func listExpandGivesOccurrencesAsRFC3339() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        #expect(try cli.run(Self.create + ["--repeat", "weekly", "--count", "3"]).status == 0)
        let result = try cli.run(["meeting", "list", "--expand", "--from", "2030-12-01", "--until", "2030-12-31", "--format", "json"])
        #expect(result.status == 0)
        let items = try #require(try json(result.stdout) as? [[String: String]])
        #expect(items.map { $0["start"] } == ["2030-12-02T09:00:00+01:00", "2030-12-09T09:00:00+01:00", "2030-12-16T09:00:00+01:00"])
        #expect(Set(items.flatMap(\.keys)) == ["meetingId", "name", "start", "end", "timeZone"])
        #expect(items.allSatisfy { $0["timeZone"] == "Europe/Berlin" })
        let max = try cli.run(["meeting", "list", "--expand", "--from", "2030-12-01", "--until", "2030-12-31", "--max", "1", "--format", "csv"])
        #expect(max.stdout.split(whereSeparator: \.isNewline).count == 2)
    }

    @Test func deleteRemovesTheTemporarySpaceAndExportIsAtomic() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let created = try #require(try json(try cli.run(Self.create + ["--key", "k1", "--format", "json"]).stdout) as? [String: Any])
        let out = cli.path("out/meetings.ics")
        try FileManager.default.createDirectory(atPath: cli.path("out"), withIntermediateDirectories: true)
        #expect(try cli.run(["meeting", "export", "k1", "--out", out]).status == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(try ICalendarReader.events(text).first?.uid == created["uid"] as? String)
        #expect(try await sim.client().coSpaces().count == 2)
        let deleted = try cli.run(["meeting", "delete", "k1", "--format", "json"])
        #expect(deleted.status == 0)
        #expect(try await sim.client().coSpaces().count == 1)
        #expect(try cli.run(["meeting", "show", "no-such-meeting"]).status == 66)
    }

    @Test(arguments: StoreEngine.allCases)
    func aBulkRunKilledMidwayResumesWithOneSpacePerMeeting(engine: StoreEngine) async throws {
        // Slow enough that the poll below sees the run midway even on a loaded machine.
        var (sim, cli) = try setUp(["--latency-ms", "120"])
        if engine == .postgres {
            for (name, value) in try TestStores.postgresEnvironment(try TestStores.freshPostgresURL()) { cli.environment[name] = value }
        }
        defer { sim.stop() }
        var csv = "key,name,start,duration,tz,template,organizer,attendees\n"
        for index in 1...24 {
            csv += "kill-\(index),Meeting \(index),2030-12-\(String(format: "%02d", index))T09:00,1h,Europe/Berlin,CoSpaceTemp-Scheduler,saiacano@s.com,gogi@s.com\n"
        }
        let input = try cli.write("kill.csv", csv)
        // Start a bulk run and kill it hard while it is creating spaces, one meeting at a time
        // (two round trips each), so the kill lands midway.
        let process = try await cli.runKilled(
            ["meeting", "create", "--input", input, "--quiet"], extraEnvironment: ["CMSCHED_CALLBRIDGE_CONCURRENCY": "1"],
            once: 6, spacesAre: "ready")
        #expect(process.terminationReason == .uncaughtSignal)
        let client = try sim.client()
        let partial = try await client.coSpaces().count - 1
        #expect(partial > 0 && partial < 24, "the kill should land mid-run (\(partial) spaces)")

        let resumed = try cli.run(["meeting", "create", "--input", input, "--format", "json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let rows = try #require(try json(resumed.stdout) as? [[String: Any]])
        #expect(rows.count == 24)
        // Exactly one space per meeting on the Call Bridge, and none that no meeting owns.
        let spaces = try await client.coSpaces().filter { $0.id != "b449de90-9dc5-4bed-9c65-a09a321d2bd9" }
        let owned = Set(rows.compactMap { ($0["space"] as? [String: Any])?["id"] as? String })
        #expect(spaces.count == 24)
        #expect(owned.count == 24)
        #expect(Set(spaces.map(\.id)) == owned)
        for space in spaces {
            #expect(try await client.accessMethods(coSpace: space.id).count == 2)
            #expect(try await client.coSpaceUsers(coSpace: space.id).count == 1)
        }
        let listed = try #require(try json(try cli.run(["meeting", "list", "--format", "json"]).stdout) as? [[String: Any]])
        #expect(listed.count == 24)
    }
}
