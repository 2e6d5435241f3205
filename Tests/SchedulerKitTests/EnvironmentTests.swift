import CallBridgeSim
import SchedulerServer
import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// One environment per process: one store, one Call Bridge client, whatever the use-cases do.
@Suite("environment and use-cases", .serialized)
struct EnvironmentTests {
    func environment(_ sim: RunningSimulator, home: String) throws -> Environment {
        let locations = Locations(environment: [
            "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
            "CMSCHED_CALLBRIDGE_URL": sim.url, "CMSCHED_CALLBRIDGE_USER": sim.seed.user,
            "CMSCHED_CALLBRIDGE_PASSWORD": sim.seed.password, "CMSCHED_CALLBRIDGE_CONCURRENCY": "3",
        ])
        return try Environment.build(EnvironmentOptions(logLevel: .critical, locations: locations))
    }

    @Test func everyUseCaseSharesOneStoreAndOneCallBridgePool() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { try await sim.stop() } }
        let home = NSTemporaryDirectory() + "env-\(UUID().uuidString)"
        let environment = try environment(sim, home: home)
        #expect(environment.typed.callBridge.concurrency == 3)
        #expect(environment.typed.cleanup.grace == .seconds(86_400))
        let (stores, clients) = (Environment.made.stores, Environment.made.clients)
        let scheduler = Scheduler(environment)
        let csv = "key,name,start\nA,A,2030-01-07T09:00\nB,B,2030-01-08T09:00\nC,C,2030-01-09T09:00\n"
        var defaults = MeetingFields()
        defaults.organizer = "saiacano@s.com"
        defaults.template = "CoSpaceTemp-Scheduler"
        defaults.duration = "1h"
        var errors: [String] = []
        let bulk = try await scheduler.createMeetings(
            try BulkInput.rows(Data(csv.utf8), source: "in.csv", defaults: defaults), defaultZone: TimeZone(identifier: "UTC")!,
            dryRun: false, adminOverride: false
        ) { report in errors += report.error.map { [$0] } ?? [] }
        #expect(bulk.failure == nil, "\(errors)")
        #expect(bulk.tally.rows == 3)
        await #expect(try scheduler.listMeetings(MeetingQuery()).meetings.count == 3)
        _ = try await scheduler.runCleanup(dryRun: true, orphans: .report)
        _ = try await scheduler.deleteMeeting("A")
        _ = await scheduler.status()
        #expect(Environment.made.stores - stores == 1)
        #expect(Environment.made.clients - clients == 1)
    }

    @Test func listingUsesTheInjectedClock() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { try await sim.stop() } }
        let home = NSTemporaryDirectory() + "env-\(UUID().uuidString)"
        var options = EnvironmentOptions(logLevel: .critical, locations: try environment(sim, home: home).locations)
        options.now = { Date(timeIntervalSince1970: 1_893_456_000) }  // 2030-01-01T00:00Z
        let scheduler = Scheduler(try Environment.build(options))
        var fields = SchedulerFixture.fields()
        fields.start = "2030-01-02T09:00"
        _ = try await scheduler.createMeeting(fields, defaultZone: .current, dryRun: false, adminOverride: false)
        let list = try await scheduler.listMeetings(MeetingQuery(expand: true))
        #expect(list.occurrences?.count == 1)
    }
}

/// The daemon's daily cleanup fires at `cleanup.at` UTC.
@Suite("daemon timers")
struct DaemonTimerTests {
    @Test(arguments: [
        ("2026-12-02T00:00:00Z", "2026-12-02T01:15:00Z"), ("2026-12-02T01:15:00Z", "2026-12-03T01:15:00Z"),
        ("2026-12-02T23:59:00Z", "2026-12-03T01:15:00Z"), ("2026-12-31T02:00:00Z", "2027-01-01T01:15:00Z"),
    ])
    func theCleanupRunsAtTheConfiguredTimeUTC(now: String, expected: String) {
        let next = TimeOfDay(hour: 1, minute: 15).next(after: RFC3339.parse(now)!)
        #expect(next == RFC3339.parse(expected)!)
    }
}

@Suite("docs/openapi.yaml describes the HTTPS API's routes")
struct OpenAPIRouteTests {
    @Test func everyRouteIsInTheSpecAndEveryPathOfTheSpecIsARoute() throws {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        let lines = try String(contentsOf: spec, encoding: .utf8).components(separatedBy: "\n")
        var documented: Set<String> = []
        var path: String?
        var inPaths = false
        for line in lines {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                let method = ["get", "post", "put", "delete", "patch"].first(where: { line == "    \($0):" })
            {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(SchedulerAPI.routes.map { "\($0.method) \($0.path)" })
        #expect(!served.isEmpty)
        #expect(documented == served)
    }
}
