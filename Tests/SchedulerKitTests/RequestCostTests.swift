import Foundation
import Logging
import Testing
import TestSupport

@testable import SchedulerKit

/// What one meeting costs on the Call Bridge once the run's lookups are cached: the wire's floor,
/// four POSTs and nothing else. The test fails when the count grows.
@Suite("Call Bridge requests per meeting")
struct RequestCostTests {
    @Test func aMeetingFromATemplateCostsAKnownNumberOfRequests() async throws {
        let sim = try await RunningSimulator.start()
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient()
        let store = try SQLiteStore.open(path: NSTemporaryDirectory() + "cmsched-\(UUID().uuidString)/cmsched.sqlite")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let service = MeetingService(client: client, store: store, logger: logger)
        // The first meeting reads the template, its access method templates and the organizer.
        _ = try await service.create(try SchedulerFixture.fields { $0.key = "first" }.draft(defaultZone: .current))
        let (posts, gets, all) = (recording.count("POST"), recording.count("GET"), recording.count())
        _ = try await service.create(try SchedulerFixture.fields { $0.key = "second" }.draft(defaultZone: .current))
        let cost = (post: recording.count("POST") - posts, get: recording.count("GET") - gets, all: recording.count() - all)
        // The coSpace, its two access methods, the organizer's membership; no read-back, since
        // cmsched sends the secrets and call IDs itself.
        #expect(cost.post == 4, "\(cost)")
        #expect(cost.all == 4, "requests per meeting grew: \(cost)")
    }
}
