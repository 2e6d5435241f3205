import Foundation
import SchedulerKit
import TestSupport

/// `cms-sim` started as a child process on port 0; its first stdout line names the API URL.
final class SimulatorProcess {
    let process = Process()
    let url: String
    /// The live Web Bridges' `c2w://` URLs, in the order printed.
    let webBridges: [String]
    /// The folder of the certificates when the simulator made them (no --tls-dir, or an empty one).
    let tlsDirectory: String?
    /// Every line it printed at start-up.
    let startupLines: [String]
    private let output: Pipe

    init(arguments: [String]) throws {
        process.executableURL = CLI.productsDirectory.appendingPathComponent("cms-sim")
        process.arguments = ["--port", "0"] + arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = output.fileHandleForReading
        // The start-up lines come in one write, ending with a newline.
        while line.last != UInt8(ascii: "\n") {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let lines = String(decoding: line, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let first = lines.first, first.hasPrefix("api ") else {
            process.terminate()
            throw TestSupportError("cms-sim printed \(lines.first.debugDescription) instead of `api URL`")
        }
        url = String(first.dropFirst(4))
        webBridges = lines.filter { $0.hasPrefix("webbridge ") }.map { String($0.dropFirst(10)) }
        tlsDirectory = lines.first { $0.hasPrefix("tls ") }.map { String($0.dropFirst(4)) }
        startupLines = lines
    }

    /// Sends SIGTERM and returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

extension CLI {
    /// Points cmsched at a simulator through the environment, the password in a private file.
    mutating func useSimulator(_ sim: SimulatorProcess, caFile: String?, password: String = "cms-sim-api-password") throws {
        environment["CMSCHED_CALLBRIDGE_URL"] = sim.url
        environment["CMSCHED_CALLBRIDGE_USER"] = "schedapi"
        environment["CMSCHED_CALLBRIDGE_PASSWORD_FILE"] = try write("secrets/cb.pw", password + "\n")
        if let caFile { environment["CMSCHED_CALLBRIDGE_CA_FILE"] = caFile }
    }
}

extension SimulatorProcess {
    /// The CA all child simulators of a test run serve certificates from.
    static let pki = Result { try TestPKI.make() }

    /// A simulator seeded with the example seed over HTTPS, and a CLI pointed at it.
    static func seeded(_ extra: [String] = []) throws -> (SimulatorProcess, CLI) {
        let sim = try SimulatorProcess(
            arguments: ["--seed", RunningSimulator.exampleSeedPath, "--tls-dir", pki.get().directory] + extra)
        var cli = try CLI()
        try cli.useSimulator(sim, caFile: pki.get().caFile)
        return (sim, cli)
    }

    /// A client of this simulator, to inspect its state through the API.
    func client() throws -> CallBridgeClient {
        let options = CurlOptions(caFile: try Self.pki.get().caFile, user: "schedapi", password: "cms-sim-api-password")
        return CallBridgeClient(baseURL: url, transport: CurlTransport(options: options))
    }
}

extension SimulatorProcess {
    /// Calls the simulator's control API (`/_sim/…`) and returns the status and JSON reply.
    func control(_ method: String, _ path: String, json: Any? = nil) async throws -> (status: Int, body: Any?) {
        let options = CurlOptions(caFile: try Self.pki.get().caFile, user: "schedapi", password: "cms-sim-api-password")
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try await CurlTransport(options: options).send(
            HTTPClientRequest(method: method, url: url + "/_sim" + path, body: body, headers: ["Content-Type": "application/json"]))
        return (response.status, try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]))
    }

    /// The live Web Bridges' ids, in order.
    func webBridgeIDs() async throws -> [String] {
        ((try await control("GET", "/webBridges").body as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }
}

extension CLI {
    /// Points `c2w.*` at a PKI's client certificate and CA (or the given files).
    mutating func useC2W(_ pki: TestPKI, trust: String? = nil, client: String = "client") {
        environment["CMSCHED_C2W_KEY"] = pki.directory + "/\(client).key"
        environment["CMSCHED_C2W_CERT"] = pki.directory + "/\(client).pem"
        environment["CMSCHED_C2W_TRUST"] = trust ?? pki.caFile
    }
}
