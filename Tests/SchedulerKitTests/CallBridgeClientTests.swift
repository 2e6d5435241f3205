import CallBridgeSim
import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// The client against `cms-sim` over real loopback sockets, HTTPS from a CA made for the test.
@Suite("Call Bridge client against the simulator", .serialized)
struct CallBridgeClientTests {
    static let pki = Result { try TestPKI.make() }

    func tlsSimulator(pageCap: Int = 10, faults: SimFaults = SimFaults()) async throws -> (RunningSimulator, TestPKI) {
        let pki = try Self.pki.get()
        return (try await RunningSimulator.start(pageCap: pageCap, tls: pki, faults: faults), pki)
    }

    @Test func readsTheSeededSystemOverHTTPS() async throws {
        let (sim, pki) = try await tlsSimulator()
        defer { Task { try await sim.stop() } }
        let client = sim.client(caFile: pki.caFile)
        #expect(sim.url.hasPrefix("https://127.0.0.1:"))
        #expect(try await client.systemStatus().softwareVersion == "3.9.0")
        let bridges = try await client.webBridges()
        var live: [String] = []
        for bridge in sim.simulator.webBridges.bridges { live.append(await bridge.url) }
        #expect(live.count == 3 && live.allSatisfy { $0.hasPrefix("c2w://127.0.0.1:") })
        #expect(bridges.map(\.url) == live)
        let template = try #require(try await client.coSpaceTemplates(filter: "Scheduler").first)
        #expect(template.description == "CST-External/Internal Access")
        let methods = try await client.accessMethodTemplates(template: template.id)
        #expect(methods.map(\.name) == ["ExternalAccessMeth", "InternalAccessMeth"])
        #expect(methods.map(\.uriGenerator) == ["$.guest", "$.host"])
        #expect(methods.map(\.generateUniqueCallId) == [true, false])
        let user = try #require(try await client.user(jid: "saiacano@s.com"))
        #expect(try await client.userCoSpaceTemplates(user: user.id).map(\.coSpaceTemplate) == [template.id])
    }

    @Test func untrustedCertificateIsATrustFailureNeverRetried() async throws {
        let (sim, _) = try await tlsSimulator()
        defer { Task { try await sim.stop() } }
        let other = try TestPKI.make(commonName: "some other CA")
        let (client, recording) = sim.recordingClient(caFile: other.caFile)
        await #expect(throws: CallBridgeError.self) { try await client.webBridges() }
        do {
            _ = try await client.webBridges()
        } catch let error as CallBridgeError {
            guard case .tlsTrust = error else { Issue.record("expected tlsTrust, got \(error)"); return }
            #expect(error.cmschedError.exitStatus == .configuration)
        }
        #expect(recording.count() == 2)
        // The system roots do not know the test CA either.
        await #expect(throws: CallBridgeError.self) { try await sim.client(caFile: nil).systemStatus() }
    }

    @Test func pagingCollectsEveryItemPastTheServerCap() async throws {
        let (sim, pki) = try await tlsSimulator(pageCap: 10)
        defer { Task { try await sim.stop() } }
        let client = sim.client(caFile: pki.caFile, pageLimit: 100)
        for index in 0..<24 {
            _ = try await client.createCoSpace([("name", "Paged \(index)"), ("uri", "paged.\(index)")])
        }
        let all = try await client.coSpaces()
        #expect(all.count == 25)
        #expect(Set(all.map(\.id)).count == 25)
        let filtered = try await client.coSpaces(filter: "paged 1")
        #expect(filtered.count == 11)
    }

    @Test func aPageLimitBelowTheCapSplitsTheReplyAcrossPages() async throws {
        let (sim, pki) = try await tlsSimulator(pageCap: 10)
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient(caFile: pki.caFile, pageLimit: 7)
        for index in 0..<19 {
            _ = try await client.createCoSpace([("name", "Split \(index)")])
        }
        let before = recording.count("GET")
        #expect(try await client.coSpaces().count == 20)
        #expect(recording.count("GET") - before == 3)
    }

    @Test func postReturnsTheIdFromLocationAndUrisAreLowerCased() async throws {
        let (sim, pki) = try await tlsSimulator()
        defer { Task { try await sim.stop() } }
        let client = sim.client(caFile: pki.caFile)
        let id = try await client.createCoSpace([("name", "Test-XRP"), ("uri", "Test.XRP"), ("requireCallId", "true")])
        let space = try await client.coSpace(id: id)
        #expect(space.uri == "test.xrp")
        #expect(space.callId?.count == 9)
        #expect(space.secret?.count == 22)
        try await client.updateCoSpace(id: id, [("uri", "")])
        #expect(try await client.coSpace(id: id).uri == nil)
        try await client.deleteCoSpace(id: id)
        do {
            _ = try await client.coSpace(id: id)
            Issue.record("deleted space still readable")
        } catch let error as CallBridgeError {
            #expect(error.isNotFound)
            #expect(error.failureReason?.reason == "coSpaceDoesNotExist")
            #expect(error.cmschedError.exitStatus == .inputMissing)
        }
    }

    @Test func failureDetailsBecomeTypedErrors() async throws {
        let (sim, pki) = try await tlsSimulator()
        defer { Task { try await sim.stop() } }
        let client = sim.client(caFile: pki.caFile)
        await #expect(throws: CallBridgeError.failure(
            method: "POST", path: "/coSpaces", status: 400, reason: FailureReason(reason: "duplicateCoSpaceUri"))
        ) {
            try await client.createCoSpace([("name", "clash"), ("uri", "SAIACANO.space")])
        }
        await #expect(throws: CallBridgeError.failure(
            method: "POST", path: "/coSpaces", status: 400, reason: FailureReason(reason: "duplicateCoSpaceId"))
        ) {
            try await client.createCoSpace([("name", "clash"), ("callId", "239017747")])
        }
        await #expect(throws: CallBridgeError.failure(
            method: "POST", path: "/coSpaces", status: 400,
            reason: FailureReason(reason: "parameterError", parameter: "noSuchParameter", error: "unknownParameter"))
        ) {
            try await client.createCoSpace([("noSuchParameter", "1")])
        }
        await #expect(throws: CallBridgeError.failure(
            method: "GET", path: "/noSuchThing", status: 404, reason: FailureReason(reason: "unrecognizedObject"))
        ) {
            try await client.get("/noSuchThing")
        }
    }

    @Test func wrongPasswordIsAPermissionError() async throws {
        let (sim, pki) = try await tlsSimulator()
        defer { Task { try await sim.stop() } }
        do {
            _ = try await sim.client(caFile: pki.caFile, password: "wrong").webBridges()
            Issue.record("wrong password accepted")
        } catch let error as CallBridgeError {
            #expect(error == .unauthorized(method: "GET", path: "/webBridges", status: 401))
            #expect(error.cmschedError.exitStatus == .permission)
            #expect(!error.cmschedError.message.contains("wrong"))
        }
    }

    @Test func malformedXMLIsAProtocolErrorNamingThePath() async throws {
        var faults = SimFaults()
        faults.malformedRate = 1
        let (sim, pki) = try await tlsSimulator(faults: faults)
        defer { Task { try await sim.stop() } }
        do {
            _ = try await sim.client(caFile: pki.caFile).webBridges()
            Issue.record("malformed XML accepted")
        } catch let error as CallBridgeError {
            guard case .protocolViolation(_, let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "/webBridges")
            #expect(error.cmschedError.exitStatus == .protocolError)
        }
    }

    @Test func busyGetsAreRetriedUntilTheyPass() async throws {
        var faults = SimFaults()
        faults.busyRate = 1
        faults.budget = 2
        let (sim, pki) = try await tlsSimulator(faults: faults)
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient(caFile: pki.caFile)
        #expect(try await client.webBridges().count == 3)
        #expect(recording.count() == 3)
    }

    @Test func persistentBusyIsUnavailableAfterTheAttempts() async throws {
        var faults = SimFaults()
        faults.busyRate = 1
        let (sim, pki) = try await tlsSimulator(faults: faults)
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient(caFile: pki.caFile, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5)))
        do {
            _ = try await client.webBridges()
            Issue.record("succeeded while busy")
        } catch let error as CallBridgeError {
            #expect(error.cmschedError.exitStatus == .unavailable)
        }
        #expect(recording.count() == 3)
    }

    @Test func aBusyPostIsNotRepeated() async throws {
        var faults = SimFaults()
        faults.busyRate = 1
        faults.budget = 1
        let (sim, pki) = try await tlsSimulator(faults: faults)
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient(caFile: pki.caFile)
        await #expect(throws: CallBridgeError.self) { try await client.createCoSpace([("name", "busy")]) }
        #expect(recording.count("POST") == 1)
        #expect(await sim.simulator.state.count("coSpaces") == 1)
    }

    @Test func aDroppedPostIsOutcomeUnknownAndReconcilable() async throws {
        var faults = SimFaults()
        faults.dropAfterPostRate = 1
        faults.budget = 1
        let (sim, pki) = try await tlsSimulator(faults: faults)
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient(caFile: pki.caFile, concurrency: 1)
        // Warm the connection first: the dropped POST must not be re-sent on a reused connection.
        _ = try await client.systemStatus()
        do {
            _ = try await client.createCoSpace([("name", "Dropped"), ("uri", "dropped.meeting")])
            Issue.record("a dropped POST reported success")
        } catch let error as CallBridgeError {
            guard case .outcomeUnknown(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "/coSpaces")
        }
        #expect(recording.count("POST") == 1)
        // The POST was applied: the caller finds it instead of creating it again.
        let found = try await client.coSpaces(filter: "dropped.meeting")
        #expect(found.map(\.uri) == ["dropped.meeting"])
    }

    @Test func aHangingGetTimesOutAndIsRetried() async throws {
        var faults = SimFaults()
        faults.hangRate = 1
        faults.hangDuration = .seconds(8)
        faults.budget = 1
        let (sim, pki) = try await tlsSimulator(faults: faults)
        defer { Task { try await sim.stop() } }
        // The timeout is far above a loopback answer's time even on a loaded host (at 500 ms the
        // retry itself once timed out under the full suite), and far below the hang.
        let (client, recording) = sim.recordingClient(caFile: pki.caFile, requestTimeout: .milliseconds(2000))
        #expect(try await client.systemStatus().softwareVersion == "3.9.0")
        #expect(recording.count() == 2)
    }

    @Test func unreachableBridgeIsUnavailable() async throws {
        let (sim, pki) = try await tlsSimulator()
        let client = sim.client(caFile: pki.caFile, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5)))
        try await sim.stop()
        do {
            _ = try await client.systemStatus()
            Issue.record("a stopped simulator answered")
        } catch let error as CallBridgeError {
            guard case .unavailable = error else { Issue.record("\(error)"); return }
            #expect(error.cmschedError.exitStatus == .unavailable)
        }
    }

    @Test func connectionsAreKeptAlive() async throws {
        let (sim, pki) = try await tlsSimulator()
        defer { Task { try await sim.stop() } }
        let (client, recording) = sim.recordingClient(caFile: pki.caFile, concurrency: 1)
        for _ in 0..<5 { _ = try await client.systemStatus() }
        #expect(recording.count() == 5)
        #expect(recording.connectionsOpened == 1)
        // POSTs too: libcurl cannot re-send them (their body cannot be rewound), so they need no
        // fresh connection (aDroppedPostIsOutcomeUnknownAndReconcilable shows the re-send is refused).
        for index in 0..<3 { _ = try await client.createCoSpace([("name", "kept \(index)")]) }
        #expect(recording.connectionsOpened == 1)
    }

    @Test func retryAfterIsHonoured() {
        let policy = RetryPolicy(baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        for attempt in 1...5 {
            #expect(policy.delay(beforeRetry: attempt, retryAfter: .seconds(2)) >= .seconds(2))
            #expect(policy.delay(beforeRetry: attempt) <= .milliseconds(2))
        }
        #expect(RetryPolicy.retryAfter("3") == .seconds(3))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }
}
