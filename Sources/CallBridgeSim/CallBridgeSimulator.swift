import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The simulated Call Bridge: the API state behind a real HTTP(S) server on loopback.
public struct CallBridgeSimulator: Sendable {
    /// How to run the simulator.
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port = 0
        public var pageCap = 10
        /// A folder with `server.pem` and `server.key`; nil serves plain HTTP. The live Web
        /// Bridges present the same certificate and accept clients chained to its `ca.pem`.
        public var tlsDirectory: String?
        /// Live Web Bridges to add to those of the seed without a `url`.
        public var extraWebBridges = 0
        public var faults = SimFaults()

        public init() {}
    }

    public let state: CallBridgeState
    /// The live C2W Web Bridges.
    public let webBridges: SimWebBridges
    /// Set when the simulator made the Web Bridges' certificates itself (no `tlsDirectory`).
    public let madeTLSDirectory: String?
    let seed: SimSeed
    let options: Options
    let dice: FaultDice
    let logger: Logger

    /// Builds the simulator, applies the seed and binds a C2W listener for each Web Bridge of the
    /// seed without a `url` and each extra one (their API objects then carry `c2w://127.0.0.1:PORT`).
    public static func make(options: Options, seed: SimSeed, logger: Logger = Logger(label: "cms-sim")) async throws
        -> CallBridgeSimulator
    {
        let state = CallBridgeState(pageCap: options.pageCap, softwareVersion: seed.softwareVersion)
        try await seed.apply(to: state)
        var ids = await state.webBridgesWithoutURL()
        for _ in 0..<max(0, options.extraWebBridges) {
            ids.append(try await state.seed("webBridges", id: nil, form: []))
        }
        let made = ids.isEmpty || options.tlsDirectory != nil ? nil : try SimPKI.makeTemporary()
        let webBridges = try SimWebBridges(ids: ids, tlsDirectory: options.tlsDirectory ?? made ?? "")
        for (id, url) in zip(ids, try await webBridges.startAll()) {
            await state.setField("webBridges", id: id, field: "url", value: url)
        }
        return CallBridgeSimulator(
            state: state, webBridges: webBridges, madeTLSDirectory: made, seed: seed, options: options,
            dice: FaultDice(options.faults), logger: logger)
    }

    /// Removes the certificates `make` made for this run, if it made any (no `--tls-dir`): they
    /// are of no use once the simulator stops.
    public func removeMadeCertificates() {
        if let madeTLSDirectory { try? FileManager.default.removeItem(atPath: madeTLSDirectory) }
    }

    /// What the simulator prints once every listener is bound: `api URL`, one `webbridge URL` per
    /// live Web Bridge, `tls DIR` when it made the certificates (in a temporary folder, or in
    /// `madeIn`, the `--tls-dir` it found empty), and `user NAME PASSWORD`, the API user.
    public func startupLines(apiURL: String, madeIn: String? = nil) async -> String {
        var lines = ["api \(apiURL)"]
        for bridge in webBridges.bridges { lines.append("webbridge \(await bridge.url)") }
        if let made = madeTLSDirectory ?? madeIn { lines.append("tls \(made)") }
        lines.append("user \(seed.user) \(seed.password)")
        return lines.map { $0 + "\n" }.joined()
    }

    /// Changes the faults for the rest of the run (tests switch them between steps).
    public func setFaults(_ faults: SimFaults) async {
        await dice.set(faults)
    }

    /// The HTTP(S) application; `onListening` gets the `api URL` once the port is bound.
    public func application(onListening: @escaping @Sendable (String) async -> Void) throws -> some ApplicationProtocol {
        let responder = SimResponder(simulator: self, control: SimControlAPI(webBridges: webBridges))
        let scheme = options.tlsDirectory == nil ? "http" : "https"
        let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [DropConnectionHandler()]))
        let server = try options.tlsDirectory.map { try HTTPServerBuilder.tls(http1, tlsConfiguration: Self.tls(directory: $0)) } ?? http1
        var quiet = logger
        quiet.logLevel = .critical
        let host = options.host
        return Application(
            responder: responder,
            server: server,
            configuration: .init(address: .hostname(host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                await onListening("\(scheme)://\(host):\(port)")
            },
            logger: quiet)
    }

    static func tls(directory: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(directory + "/server.pem").map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: directory + "/server.key", format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}

/// Turns HTTP requests into calls on the state, adding authentication and faults.
struct SimResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let simulator: CallBridgeSimulator
    let control: SimControlAPI

    /// Where the Call Bridge API lives (cms-api.md §1).
    static let apiPrefix = "/api/v1"

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let path = request.uri.path
        let isControl = path.hasPrefix(SimControlAPI.prefix + "/") || path == SimControlAPI.prefix
        guard path.hasPrefix(Self.apiPrefix + "/") || path == Self.apiPrefix || isControl else {
            return xml(.failure(404, "unrecognizedObject"))
        }
        guard authorized(request) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"cms\""])
        }
        if isControl {
            return try await control.respond(to: &request, path: path)
        }
        let faults = await simulator.dice.faults
        if faults.latency > .zero { try await Task.sleep(for: faults.latency) }
        if await simulator.dice.roll(faults.hangRate) { try await Task.sleep(for: faults.hangDuration) }
        if await simulator.dice.roll(faults.busyRate) {
            var headers = HTTPFields()
            if faults.retryAfterSeconds > 0 { headers[.retryAfter] = String(faults.retryAfterSeconds) }
            return Response(status: .serviceUnavailable, headers: headers)
        }
        let body = try await request.collectBody(upTo: 1 << 20)
        let form = request.method == .post || request.method == .put
            ? SimForm.decode(String(buffer: body)) : []
        let query = SimForm.decode(request.uri.query ?? "")
        var reply = await simulator.state.handle(
            method: request.method.rawValue, path: String(path.dropFirst(Self.apiPrefix.count)),
            query: query, form: form)
        if request.method == .post, reply.status == 200, await simulator.dice.roll(faults.dropAfterPostRate) {
            return Response(status: .ok, headers: [DropConnectionHandler.marker: "1"])
        }
        if request.method == .get, reply.status == 200, let text = reply.body, await simulator.dice.roll(faults.malformedRate) {
            reply.body = String(text.prefix(text.count / 2))
        }
        return xml(reply)
    }

    private func authorized(_ request: Request) -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) })
        else { return false }
        return decoded == "\(simulator.seed.user):\(simulator.seed.password)"
    }

    private func xml(_ reply: SimReply) -> Response {
        var headers = HTTPFields()
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        guard let body = reply.body else {
            headers[.contentLength] = "0"
            return Response(status: .init(code: reply.status), headers: headers)
        }
        headers[.contentType] = "text/xml"
        return Response(
            status: .init(code: reply.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
