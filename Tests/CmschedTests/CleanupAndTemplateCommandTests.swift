import Foundation
import SchedulerKit
import Testing
import TestSupport

@Suite("cmsched cleanup and template commands against cms-sim", .serialized)
struct CleanupAndTemplateCommandTests {
    /// Schedules `count` one-hour meetings on consecutive days from 2026-12-01.
    func schedule(_ count: Int, cli: CLI) throws {
        var csv = "key,name,start,duration,tz,template,organizer\n"
        for day in 1...count {
            csv += "c\(day),Meeting \(day),2026-12-\(String(format: "%02d", day))T09:00,1h,UTC,CoSpaceTemp-Scheduler,saiacano@s.com\n"
        }
        let result = try cli.run(["meeting", "create", "--input", try cli.write("past.csv", csv), "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func cleanupDeletesWhatIsDueAndReportsAsJSON() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        try schedule(3, cli: cli)
        let dry = try cli.run(["cleanup", "run", "--now", "2026-12-03T10:00:00Z", "--dry-run", "--format", "json"])
        #expect(dry.status == 0)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        #expect((plan["wouldDelete"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Meeting 1", "Meeting 2"])
        #expect(plan["deleted"] == nil)
        #expect(try await sim.client().coSpaces().count == 4)
        let result = try cli.run(["cleanup", "run", "--now", "2026-12-03T10:00:00Z", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((report["deleted"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Meeting 1", "Meeting 2"])
        #expect((report["dryRun"] as? Bool) == false)
        #expect(try await sim.client().coSpaces().count == 2)
    }

    @Test func aSecondConcurrentCleanupExits75() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let lock = try LockFile(beside: cli.path("data/cmsched/cmsched.sqlite"), job: "cleanup run")
        defer { lock.release() }
        let result = try cli.run(["cleanup", "run"])
        #expect(result.status == 75)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("(cleanup run)"))
    }

    @Test func anUnreachableCallBridgeExits69() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        sim.stop()
        let result = try cli.run(["cleanup", "run"])
        #expect(result.status == 69)
    }

    @Test func aCleanupKilledMidRunFinishesTheRestNextTime() async throws {
        // Slow enough that the poll below sees the run midway even on a loaded machine.
        // (24 spaces at 250 ms: a run of 1.5 s or more, which a poll starved by a loaded machine
        // still catches midway; 12 at 150 ms once finished before the poll saw three.)
        let (sim, cli) = try SimulatorProcess.seeded(["--latency-ms", "250"])
        defer { sim.stop() }
        try schedule(24, cli: cli)
        let api = try sim.client()
        // Killed once the run has finished a few spaces.
        _ = try await cli.runKilled(["cleanup", "run", "--now", "2027-06-01", "--quiet"], once: 3, spacesAre: "deleted")
        let left = try await api.coSpaces().count - 1
        #expect(left > 0 && left < 24, "the kill should land mid-run (\(left) left)")
        let rerun = try cli.run(["cleanup", "run", "--now", "2027-06-01", "--format", "json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try await api.coSpaces().count == 1)
        let final = try cli.run(["cleanup", "run", "--now", "2027-06-01", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(final.stdout.utf8)) as? [String: Any])
        #expect((report["deleted"] as? [Any])?.isEmpty == true)
    }

    @Test func templateCreateListShowAssignUnassign() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let create = [
            "template", "create", "--name", "Board", "--description", "Board meetings",
            "--access-method", "Guests:$.guest:06b654b1-1d1f-4f7e-ac07-b7aed2fa4ed6:unique-callid",
            "--access-method", "Hosts:$.host", "--format", "json",
        ]
        let created = try cli.run(create)
        #expect(created.status == 0, "\(created.stderr)")
        let view = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let methods = try #require(view["accessMethods"] as? [[String: Any]])
        #expect(methods.map { $0["name"] as? String } == ["Guests", "Hosts"])
        #expect(methods.map { $0["generateUniqueCallId"] as? Bool } == [true, false])
        #expect(methods[0]["callLegProfile"] as? String == "06b654b1-1d1f-4f7e-ac07-b7aed2fa4ed6")
        let again = try cli.run(create)
        #expect(again.status == 0)
        #expect(again.stderr.contains("already exists"))
        #expect(try await sim.client().coSpaceTemplates().count == 2)

        let list = try cli.run(["template", "list", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])?.count == 2)
        #expect(try cli.run(["template", "show", "Board"]).stdout.contains("Guests ($.guest, unique call ID)"))

        #expect(try cli.run(["template", "assign", "--user", "gogi@s.com", "--template", "Board"]).status == 0)
        let twice = try cli.run(["template", "assign", "--user", "gogi@s.com", "--template", "Board"])
        #expect(twice.status == 0)
        #expect(twice.stderr.contains("already assigned"))
        let mine = try cli.run(["template", "list", "--user", "gogi@s.com", "--format", "csv"])
        #expect(mine.stdout.contains(",Board,"))
        #expect(try cli.run(["template", "unassign", "--user", "gogi@s.com", "--template", "Board"]).status == 0)
        let gone = try cli.run(["template", "list", "--user", "gogi@s.com", "--format", "json"])
        #expect(gone.status == 0)
        #expect(!gone.stdout.contains("\"Board\""))
        #expect(try cli.run(["template", "assign", "--user", "nobody@s.com", "--template", "Board"]).status == 66)
    }

    @Test(arguments: ["Bad:guest", "Bad:$$.guest", "Bad:$ guest", "Bad", "Bad:$.gu@st"])
    func badGeneratorsAreRefusedBeforeAnythingIsSent(spec: String) async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let result = try cli.run(["template", "create", "--name", "X", "--access-method", spec])
        #expect(result.status == 65)
        #expect(result.stderr.contains("access method '\(spec)'"))
        #expect(try await sim.client().coSpaceTemplates().count == 1)
    }
}
