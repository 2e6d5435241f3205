import Foundation
import Testing
import TestSupport

@Suite("cmsched bridge list and status against cms-sim", .serialized)
struct BridgeCommandTests {
    static let pki = SimulatorProcess.pki

    func startSimulator(_ extra: [String] = []) throws -> SimulatorProcess {
        try SimulatorProcess.seeded(extra).0
    }

    @Test func bridgeListShowsEveryWebBridgeAsTheAPIGivesIt() throws {
        let sim = try startSimulator(["--page-cap", "2"])
        defer { sim.stop() }
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: Self.pki.get().caFile)
        let table = try cli.run(["bridge", "list"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.split(separator: "\n").count == 4)
        #expect(sim.webBridges.count == 3)
        for url in sim.webBridges { #expect(table.stdout.contains(url)) }

        let json = try cli.run(["bridge", "list", "--format", "json"])
        #expect(json.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["url"] as? String } == sim.webBridges)
        #expect(items.allSatisfy { ($0["id"] as? String)?.count == 36 })
        #expect(items.allSatisfy { $0["tenant"] is NSNull }, "a key with no value is null, never missing")
        #expect(json.stderr.isEmpty)
    }

    @Test func certificatesTheSimulatorMadeGoWhenItStops() throws {
        // Without --tls-dir, cms-sim makes its Web Bridges' certificates for this run only.
        let sim = try SimulatorProcess(arguments: ["--web-bridges", "1"])
        let folder = try #require(sim.tlsDirectory)
        #expect(FileManager.default.fileExists(atPath: folder + "/ca.pem"))
        #expect(sim.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func statusReportsTheCallBridgeVersion() throws {
        let sim = try startSimulator()
        defer { sim.stop() }
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: Self.pki.get().caFile)
        let result = try cli.run(["status", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        let object = try #require(CLI.statusParts(result.stdout))
        #expect(object["callBridge"]?["status"] == "ok")
        #expect(object["callBridge"]?["detail"] == "reachable: \(sim.url), software version 3.9.0")
    }

    @Test func wrongPasswordExits77WithoutPrintingIt() throws {
        let sim = try startSimulator()
        defer { sim.stop() }
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: Self.pki.get().caFile, password: "not-the-password")
        let result = try cli.run(["bridge", "list"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("refused the credentials"))
        #expect(!result.stderr.contains("not-the-password"))
        #expect(result.stdout.isEmpty)
    }

    @Test func untrustedServerExits78() throws {
        let sim = try startSimulator()
        defer { sim.stop() }
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: try TestPKI.make(commonName: "unrelated CA").caFile)
        let result = try cli.run(["bridge", "list"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("TLS trust failure"))
    }

    @Test func unreachableCallBridgeExits69() throws {
        let sim = try startSimulator()
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: Self.pki.get().caFile)
        #expect(sim.stop() == 0)
        let result = try cli.run(["bridge", "list"])
        #expect(result.status == 69)
        #expect(result.stderr.hasPrefix("cmsched: Call Bridge unavailable for GET /webBridges"))
    }

    @Test func malformedRepliesExit76() throws {
        let sim = try startSimulator(["--malformed-rate", "1"])
        defer { sim.stop() }
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: Self.pki.get().caFile)
        let result = try cli.run(["bridge", "list"])
        #expect(result.status == 76)
        #expect(result.stderr.contains("/webBridges"))
    }

    @Test func missingCallBridgeSettingsExit78() throws {
        var cli = try CLI()
        cli.environment["CMSCHED_CALLBRIDGE_URL"] = "https://127.0.0.1:1"
        let result = try cli.run(["bridge", "list"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("callbridge.user is not set"))
    }

    @Test func simulatorStopsCleanlyOnSigterm() throws {
        let sim = try startSimulator()
        #expect(sim.stop() == 0)
    }

    @Test func simulatorRejectsABadSeedWithExit65() throws {
        let cli = try CLI()
        let seed = try cli.write("seed.json", "{\"coSpaces\": [{\"name\": \"x\", \"uri\": \"a@b\"}]}")
        let result = try cli.run(["--seed", seed], tool: "cms-sim")
        #expect(result.status == 65)
        #expect(result.stderr.contains("coSpaces"))
    }
}
