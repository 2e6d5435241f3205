import Foundation
import SchedulerKit
import Testing
import TestSupport

/// cmsched on a PostgreSQL store shared by two schedulers (two homes: their own configuration,
/// lock files and state, as on two hosts), against cms-sim.
@Suite("cmsched on a shared PostgreSQL store", .serialized)
struct PostgresCommandTests {
    /// The simulator, and two CLIs on one new PostgreSQL database.
    func setUp(_ extra: [String] = []) throws -> (SimulatorProcess, CLI, CLI) {
        var (sim, first) = try SimulatorProcess.seeded(extra)
        let url = try TestStores.freshPostgresURL()
        var second = try CLI()
        for (name, value) in try TestStores.postgresEnvironment(url) {
            first.environment[name] = value
        }
        for (name, value) in first.environment where name.hasPrefix("CMSCHED_") { second.environment[name] = value }
        return (sim, first, second)
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func oneFileBulkRunBySchedulersOnTwoHostsAtOnceMakesEachMeetingOnce() async throws {
        let (sim, first, second) = try setUp(["--latency-ms", "10"])
        defer { sim.stop() }
        let input = try first.writeBulkFile("pg", count: 40)
        let runs = [
            try first.start(["meeting", "create", "--input", input, "--format", "json"]),
            try second.start(["meeting", "create", "--input", input, "--format", "json"]),
        ]
        var reports: [[String: String]] = []
        for run in runs {
            let result = try await run.finish()
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try json(result.stdout) as? [[String: Any]])
            reports.append(Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as! String, $0["id"] as! String) }))
        }
        #expect(reports[0] == reports[1])
        #expect(Set(reports[0].values).count == 40)
        #expect(try await sim.client().coSpaces().count == 41)
        // Either scheduler sees every meeting; neither wrote a SQLite file.
        for cli in [first, second] {
            let listed = try #require(try json(try cli.run(["meeting", "list", "--format", "json"]).stdout) as? [[String: Any]])
            #expect(listed.count == 40)
            #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("data/cmsched/cmsched.sqlite").path))
        }
        let status = try first.run(["status", "--offline", "--format", "json"])
        #expect(status.stdout.contains("responsive, schema v\(StoreSchema.currentVersion), postgres://cmsched@localhost:"), "\(status.stdout)")
    }

    @Test func aMeetingMadeOnOneSchedulerIsChangedOnTheOtherAndCleanedUpOnce() async throws {
        let (sim, first, second) = try setUp()
        defer { sim.stop() }
        let created = try first.run(MeetingCommandTests.create + ["--key", "shared-1", "--format", "json"])
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require((try json(created.stdout) as? [String: Any])?["id"] as? String)
        let updated = try second.run(["meeting", "update", String(id.prefix(13)), "--name", "Renamed", "--format", "json"])
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(try first.run(["meeting", "show", id]).stdout.contains("Renamed"))
        // The same key again on the other host is the same meeting.
        let again = try second.run(MeetingCommandTests.create + ["--key", "shared-1", "--format", "json"])
        #expect((try json(again.stdout) as? [String: Any])?["id"] as? String == id)
        // Cleanup after the meeting, from both hosts at once: the space is deleted once.
        let cleanups = [
            try first.start(["cleanup", "run", "--now", "2030-12-10T00:00:00Z", "--format", "json"]),
            try second.start(["cleanup", "run", "--now", "2030-12-10T00:00:00Z", "--format", "json"]),
        ]
        var deleted = 0
        for run in cleanups {
            let result = try await run.finish()
            #expect(result.status == 0, "\(result.stderr)")
            deleted += ((try json(result.stdout) as? [String: Any])?["deleted"] as? [Any])?.count ?? 0
        }
        #expect(deleted == 1)
        #expect(try await sim.client().coSpaces().count == 1)
        let notices = try first.run(["notify", "list", "--format", "json"])
        #expect(((try json(notices.stdout) as? [Any])?.count ?? 0) >= 2, "\(notices.stdout)")
    }

    @Test func aSQLiteStoreMovesIntoAnEmptyPostgresDatabaseVerifiedAndCarriesOnThere() async throws {
        var (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        #expect(try cli.run(["meeting", "create", "--input", try cli.writeBulkFile("move", count: 12), "--quiet"]).status == 0)
        #expect(try cli.run(["meeting", "delete", "move-3"]).status == 0)
        let before = try cli.run(["meeting", "list", "--format", "json"]).stdout
        let notices = try cli.run(["notify", "list", "--format", "json"]).stdout
        let url = try TestStores.freshPostgresURL()
        for (name, value) in try TestStores.postgresEnvironment(url) where name != "CMSCHED_STORE_URL" { cli.environment[name] = value }

        // A dry run reads and counts, and writes nothing.
        let dry = try cli.run(["store", "copy", "--to", url, "--dry-run", "--format", "json"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let planned = try #require(try json(dry.stdout) as? [[String: Any]])
        #expect(planned.first { $0["table"] as? String == "meeting" }?["rows"] as? Int == 12)
        #expect(planned.allSatisfy { $0["copiedRows"] is NSNull })

        let copy = try cli.run(["store", "copy", "--to", url, "--format", "json"])
        #expect(copy.status == 0, "\(copy.stderr)")
        let tables = try #require(try json(copy.stdout) as? [[String: Any]])
        #expect(tables.count == 13)
        for table in tables {
            #expect(table["copiedRows"] as? Int == table["rows"] as? Int, "\(table)")
            #expect(table["copiedChecksum"] as? String == table["checksum"] as? String, "\(table)")
        }
        #expect(tables.first { $0["table"] as? String == "outbox" }?["rows"] as? Int ?? 0 > 20)
        // Analyzed: the planner has every copied table's statistics from the first query on.
        let analyzed = try TestStores.psqlValue(url, "SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        #expect(analyzed == "\(tables.count)", "\(analyzed)")

        // The same store, read from PostgreSQL; new work continues its numbering.
        var moved = cli
        moved.environment["CMSCHED_STORE_URL"] = url
        #expect(try moved.run(["meeting", "list", "--format", "json"]).stdout == before)
        #expect(try moved.run(["notify", "list", "--format", "json"]).stdout == notices)
        let next = try moved.run(MeetingCommandTests.create + ["--key", "after-move"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try moved.run(["meeting", "delete", "move-4"]).status == 0)

        // A database that is not empty is refused, untouched; PostgreSQL is not a source.
        let again = try cli.run(["store", "copy", "--to", url])
        #expect(again.status == 73)
        #expect(again.stderr.contains("is not empty"), "\(again.stderr)")
        #expect(try moved.run(["meeting", "list", "--format", "json"]).stdout.contains("after-move"))
        #expect(try moved.run(["store", "copy", "--to", url]).status == 64)
    }

    @Test func aCommandEndsItsSessionAsAClientShouldAfterAnAnswerOrAnError() throws {
        let (sim, first, _) = try setUp()
        defer { sim.stop() }
        let url = try #require(first.environment["CMSCHED_STORE_URL"])
        #expect(try first.run(["meeting", "list"]).status == 0)
        #expect(try first.run(["meeting", "show", "no-such-meeting"]).status == 66)
        #expect(try first.run(["notify", "list"]).status == 0)
        // The server counts a session when it ends: wait until the three commands' are, then
        // none of them may have been abandoned (closed without Terminate; PostgreSQL then also
        // logged "could not receive data from client").
        var counts: [Int] = []
        for _ in 0..<50 {
            counts = try TestStores.psqlValue(
                url, "SELECT sessions || ' ' || sessions_abandoned FROM pg_stat_database WHERE datname = current_database()"
            ).split(separator: " ").compactMap { Int($0) }
            if counts.first ?? 0 >= 3 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(counts.count == 2 && counts[0] >= 3, "\(counts)")
        #expect(counts.last == 0, "\(counts)")
    }

    @Test func aStoreURLThatBreaksTheRulesIsRefusedBeforeAnythingIsDone() throws {
        var cli = try CLI()
        cli.environment["CMSCHED_STORE_URL"] = "postgres://cmsched:hunter2@db.example.com/cm"
        let result = try cli.run(["meeting", "list"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("a password does not belong in the URL") && !result.stderr.contains("hunter2"), "\(result.stderr)")
        cli.environment["CMSCHED_STORE_URL"] = nil
        let plain = try cli.run(["meeting", "list", "--db", "postgres://cmsched@db.example.com/cm?sslmode=disable"])
        #expect(plain.status == 78)
        #expect(plain.stderr.contains("in clear"), "\(plain.stderr)")
    }

    @Test func serveStopsAtStartWhenItsRoleCannotWriteTheStore() async throws {
        var (sim, cli, _) = try setUp()
        defer { sim.stop() }
        #expect(try cli.run(["meeting", "list"]).status == 0, "the owner makes the schema")
        let url = try #require(cli.environment["CMSCHED_STORE_URL"])
        let role = "reader_" + UUID().uuidString.prefix(8).lowercased()
        let password = try String(contentsOfFile: try #require(cli.environment["CMSCHED_STORE_PASSWORD_FILE"]), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let database = try #require(url.split(separator: "/").last?.split(separator: "?").first.map(String.init))
        try TestStores.psql(url, """
            CREATE ROLE \(role) LOGIN PASSWORD '\(password)'; GRANT CONNECT ON DATABASE \(database) TO \(role);
            GRANT USAGE ON SCHEMA public TO \(role); GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role);
            """)
        let user = try #require(url.range(of: "://")?.upperBound)
        let at = try #require(url.range(of: "@"))
        cli.environment["CMSCHED_STORE_URL"] = String(url[..<user]) + role + String(url[at.lowerBound...])
        cli.useC2W(try SimulatorProcess.pki.get())
        let serve = try ServeProcess(cli)
        serve.process.waitUntilExit()
        #expect(serve.process.terminationStatus == 74, "\(serve.text)")
        #expect(serve.text.contains("serve writes to the store, and cannot") && serve.text.contains("SQLSTATE 42501"), "\(serve.text)")
        #expect(!serve.text.contains("Connecting to webBridge"), "stopped before it links")
    }
}
