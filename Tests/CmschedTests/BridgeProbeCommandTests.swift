import Foundation
import Testing
import TestSupport

@Suite("cmsched bridge probe against cms-sim's live Web Bridges (mutual TLS)", .serialized)
struct BridgeProbeCommandTests {
    static let pki = SimulatorProcess.pki
    /// Another CA: its certificates chain to nothing the simulator or cmsched trusts.
    static let stranger = Result { try TestPKI.make(commonName: "stranger CA") }

    private func probe(_ cli: CLI, _ arguments: [String] = []) throws -> (CLI.Result, [[String: Any]]) {
        let result = try cli.run(["bridge", "probe", "--format", "json"] + arguments)
        let items = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [[String: Any]] ?? []
        return (result, items)
    }

    @Test func everyListedBridgeIsUpWithEachStepMeasured() throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get())
        let (result, items) = try probe(cli, ["--warn-days", "0"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(items.map { $0["url"] as? String } == sim.webBridges)
        for item in items {
            #expect(item["status"] as? String == "up")
            #expect(item["step"] is NSNull && item["reason"] is NSNull)
            #expect((item["guid"] as? String)?.count == 36)
            for key in ["connectMs", "tlsMs", "pingMs"] { #expect(item[key] is Double || item[key] is Int, "\(key)") }
            let certificate = try #require(item["certificate"] as? [String: Any])
            #expect(certificate["subject"] as? String == "CN=localhost")
            #expect(certificate["sans"] as? [String] == ["IP:127.0.0.1", "DNS:localhost"])
            #expect(certificate["daysLeft"] as? Int == 1)
        }
        // A user name and password in a URL (as a Call Bridge may list one) never reach the output.
        let secret = sim.webBridges[0].replacingOccurrences(of: "c2w://", with: "c2w://admin:hunter2@")
        let (withSecret, secretItems) = try probe(cli, ["--warn-days", "0", secret])
        #expect(withSecret.status == 0 && secretItems.map { $0["url"] as? String } == [sim.webBridges[0]], "\(withSecret.stderr)")
        #expect(!withSecret.stdout.contains("hunter2") && !withSecret.stderr.contains("hunter2"))
        let csv = try cli.run(["bridge", "probe", "--format", "csv", "--warn-days", "0"])
        #expect(csv.stdout.hasPrefix("url,status,step,reason,connectMs,tlsMs,pingMs,guid,certificate.subject,"))
        #expect(csv.stdout.split(whereSeparator: \.isNewline).count == 4)
    }

    @Test func aCertificateCloseToExpiryIsAWarning() throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get())
        // The test certificates are valid for two days: within the default 30.
        let (result, items) = try probe(cli)
        #expect(result.status == 3)
        #expect(items.count == 3 && items.allSatisfy { $0["status"] as? String == "warning" && $0["step"] as? String == "verify" })
        #expect((items.first?["reason"] as? String)?.contains("expires in 1 days (within 30)") == true)
        #expect(result.stderr.contains("3 of 3 Web Bridges down or warning"))
    }

    @Test func aStoppedBridgeIsDownAtConnectAndNoneAnsweringIs69() async throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get())
        let ids = try await sim.webBridgeIDs()
        #expect(try await sim.control("POST", "/webBridges/\(ids[1])/stop").status == 200)
        var (result, items) = try probe(cli, ["--warn-days", "0"])
        #expect(result.status == 3)
        #expect(items.map { $0["status"] as? String } == ["up", "down", "up"])
        #expect(items[1]["step"] as? String == "connect")
        #expect((items[1]["reason"] as? String)?.contains("Connection refused") == true)

        for id in [ids[0], ids[2]] { _ = try await sim.control("POST", "/webBridges/\(id)/stop") }
        (result, items) = try probe(cli, ["--warn-days", "0"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(items.allSatisfy { $0["status"] as? String == "down" })

        // Started again on the same port.
        _ = try await sim.control("POST", "/webBridges/\(ids[1])/start")
        (result, items) = try probe(cli, ["--warn-days", "0", sim.webBridges[1]])
        #expect(result.status == 0 && items.first?["status"] as? String == "up")
    }

    @Test func aBridgeOutsideTheTrustBundleIsDownAtVerifyWithTheReason() throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get(), trust: try Self.stranger.get().caFile)
        let (result, items) = try probe(cli)
        #expect(result.status == 3, "they answered, so not 69")
        for item in items {
            #expect(item["status"] as? String == "down")
            #expect(item["step"] as? String == "verify")
            #expect((item["reason"] as? String)?.contains("does not verify against c2w.trust") == true)
            #expect((item["certificate"] as? [String: Any])?["subject"] as? String == "CN=localhost", "shown even when untrusted")
        }
    }

    @Test func aClientCertificateTheBridgeDoesNotTrustIsNamed() throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.stranger.get(), trust: try Self.pki.get().caFile)
        let (result, items) = try probe(cli, ["--warn-days", "0"])
        #expect(result.status == 3)
        #expect(items.allSatisfy { $0["step"] as? String == "clientCertificate" }, "\(items)")
    }

    @Test func withoutC2WCertificatesItIsAConfigurationError() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let result = try cli.run(["bridge", "probe"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("c2w.key, c2w.cert, c2w.trust not set"))
        let bad = try cli.run(["bridge", "probe", "ftp://x"])
        #expect(bad.status == 78 || bad.status == 64)
    }

    @Test func anHTTPSWebBridgeGetsTheTLSStepsOnlyAndABadURLIsAUsageError() throws {
        let (sim, base) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var cli = base
        cli.useC2W(try Self.pki.get())
        let port = try #require(sim.webBridges.first?.split(separator: ":").last)
        let (result, items) = try probe(cli, ["--warn-days", "0", "https://localhost:\(port)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(items.first?["pingMs"] is NSNull && items.first?["tlsMs"] is Double)
        let bad = try cli.run(["bridge", "probe", "ftp://wb.example.com"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("neither c2w nor https"))
    }
}
