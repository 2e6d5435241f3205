import ArgumentParser
import CallBridgeSim
import Foundation
import Hummingbird
import Logging

/// `cms-sim`: a simulated Cisco Meeting Server Call Bridge API on loopback, for tests and demos.
@main
struct CmsSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cms-sim",
        abstract: "Simulate a Cisco Meeting Server Call Bridge API (and its Web Bridges) on loopback.",
        discussion: """
            Prints one line per listener on stdout, in one write once all are bound: first `api URL`, then \
            `webbridge c2w://127.0.0.1:PORT` for each live Web Bridge (those of the seed without a url, and \
            --web-bridges more), then `tls DIR` when it made the certificates (ca.pem, server.pem, server.key, \
            client.pem, client.key): in a temporary folder it removes when it stops when --tls-dir was not \
            given, or in the --tls-dir folder when that was empty or missing (kept there), then `user NAME \
            PASSWORD`, the API user. Serves until SIGTERM or SIGINT. Without --seed the \
            system is empty and the API user is admin/admin. Control API for tests: /_sim/webBridges.
            """
    )

    @Option(help: "TCP port for the API; 0 picks a free one.")
    var port = 0

    @Option(help: ArgumentHelp("JSON seed file (see examples/cms-sim-seed.json).", valueName: "file"))
    var seed: String?

    @Option(help: ArgumentHelp("Serve HTTPS with DIR/server.pem and DIR/server.key (made there, and kept, when DIR is empty or missing).", valueName: "dir"))
    var tlsDir: String?

    @Option(help: ArgumentHelp("Live Web Bridges to add to those of the seed without a url.", valueName: "n"))
    var webBridges = 0

    @Option(help: "Most items one collection GET returns.")
    var pageCap = 10

    @Option(help: ArgumentHelp("Added latency per API request.", valueName: "ms"))
    var latencyMs = 0

    @Option(help: ArgumentHelp("Fraction of requests answered 503.", valueName: "rate"))
    var busyRate = 0.0

    @Option(help: ArgumentHelp("Retry-After seconds sent with each 503 (0: no header).", valueName: "seconds"))
    var retryAfter = 0

    @Option(help: ArgumentHelp("Fraction of requests that hang for --hang-ms before answering.", valueName: "rate"))
    var hangRate = 0.0

    @Option(help: ArgumentHelp("How long a hanging request hangs.", valueName: "ms"))
    var hangMs = 60_000

    @Option(help: ArgumentHelp("Fraction of POSTs committed and then dropped without a reply.", valueName: "rate"))
    var dropAfterPostRate = 0.0

    @Option(help: ArgumentHelp("Fraction of GETs answered with malformed XML.", valueName: "rate"))
    var malformedRate = 0.0

    @Option(help: ArgumentHelp("Inject at most this many faults in the run.", valueName: "n"))
    var faultBudget: Int?

    @Option(help: "Seed of the fault random number generator.")
    var faultSeed: UInt64 = 1

    func validate() throws {
        for (name, rate) in [("busy-rate", busyRate), ("hang-rate", hangRate), ("drop-after-post-rate", dropAfterPostRate), ("malformed-rate", malformedRate)]
        where !(0...1).contains(rate) {
            throw ValidationError("--\(name) must be between 0 and 1")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard (0...1000).contains(webBridges) else { throw ValidationError("--web-bridges must be 0-1000") }
        guard pageCap >= 1 else { throw ValidationError("--page-cap must be at least 1") }
    }

    func run() async throws {
        var options = CallBridgeSimulator.Options()
        options.port = port
        options.pageCap = pageCap
        options.tlsDirectory = tlsDir
        options.extraWebBridges = webBridges
        options.faults.latency = .milliseconds(latencyMs)
        options.faults.busyRate = busyRate
        options.faults.retryAfterSeconds = retryAfter
        options.faults.hangRate = hangRate
        options.faults.hangDuration = .milliseconds(hangMs)
        options.faults.dropAfterPostRate = dropAfterPostRate
        options.faults.malformedRate = malformedRate
        options.faults.budget = faultBudget
        options.faults.seed = faultSeed
        let simulator: CallBridgeSimulator
        let madeIn: String?
        do {
            madeIn = try tlsDir.flatMap { try SimPKI.prepare($0) ? $0 : nil }
        } catch let error as SimSeedError {
            FileHandle.standardError.write(Data("cms-sim: --tls-dir: \(error)\n".utf8))
            throw ExitCode(66)
        }
        do {
            let seedData = try seed.map { try SimSeed.load(path: $0) } ?? .empty
            simulator = try await CallBridgeSimulator.make(options: options, seed: seedData)
        } catch let error as SimSeedError {
            FileHandle.standardError.write(Data("cms-sim: bad seed: \(error)\n".utf8))
            throw ExitCode(65)
        }
        defer { simulator.removeMadeCertificates() }
        let app = try simulator.application { url in
            FileHandle.standardOutput.write(Data(await simulator.startupLines(apiURL: url, madeIn: madeIn).utf8))
        }
        try await app.runService()
    }
}
