import CallBridgeSim
import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// A `CallBridgeSimulator` served in-process on a free loopback port, stopped through ServiceLifecycle.
public final class RunningSimulator: Sendable {
    public let url: String
    public let simulator: CallBridgeSimulator
    public let seed: SimSeed
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(url: String, simulator: CallBridgeSimulator, seed: SimSeed, group: ServiceGroup, task: Task<Void, any Error>) {
        self.url = url
        self.simulator = simulator
        self.seed = seed
        self.group = group
        self.task = task
    }

    /// The example seed shipped in `examples/`.
    public static var exampleSeedPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/cms-sim-seed.json").path
    }

    /// Starts a simulator; `tls` serves HTTPS with that PKI's server certificate.
    public static func start(
        seed: SimSeed? = nil, pageCap: Int = 10, tls: TestPKI? = nil, faults: SimFaults = SimFaults()
    ) async throws -> RunningSimulator {
        let seed = try seed ?? SimSeed.load(path: exampleSeedPath)
        var options = CallBridgeSimulator.Options()
        options.pageCap = pageCap
        options.tlsDirectory = tls?.directory
        options.faults = faults
        let simulator = try await CallBridgeSimulator.make(options: options, seed: seed)
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let app = try simulator.application { url in continuation.yield(url) }
        var logger = Logger(label: "test-sim")
        logger.logLevel = .critical
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        let task = Task { try await group.run() }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next() else { throw TestSupportError("simulator did not start") }
        return RunningSimulator(url: url, simulator: simulator, seed: seed, group: group, task: task)
    }

    /// A client for this simulator with its credentials; `caFile` nil means the system roots.
    public func client(
        caFile: String? = nil, password: String? = nil, retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(20)),
        requestTimeout: Duration = .seconds(10), pageLimit: Int = 100, concurrency: Int = 4
    ) -> CallBridgeClient {
        recordingClient(
            caFile: caFile, password: password, retry: retry, requestTimeout: requestTimeout, pageLimit: pageLimit,
            concurrency: concurrency
        ).client
    }

    /// A client as above, and the recorder of every request it sends.
    public func recordingClient(
        caFile: String? = nil, password: String? = nil, retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(20)),
        requestTimeout: Duration = .seconds(10), pageLimit: Int = 100, concurrency: Int = 4
    ) -> (client: CallBridgeClient, requests: RecordingTransport) {
        let curl = CurlTransport(
            options: CurlOptions(
                caFile: caFile, user: seed.user, password: password ?? seed.password, requestTimeout: requestTimeout,
                concurrency: concurrency))
        let recording = RecordingTransport(curl)
        var quiet = Logger(label: "test-client")
        quiet.logLevel = .critical
        return (CallBridgeClient(baseURL: url, transport: recording, retry: retry, pageLimit: pageLimit, logger: quiet), recording)
    }

    /// Stops the server gracefully and waits for it.
    public func stop() async throws {
        await simulator.webBridges.stopAll()
        await group.triggerGracefulShutdown()
        try await task.value
        simulator.removeMadeCertificates()
    }
}

/// Records every request a transport sends (tests count attempts with it).
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let base: any HTTPTransport
    private let lock = NSLock()
    private var requests: [HTTPClientRequest] = []
    private var responses: [HTTPClientResponse] = []

    public init(_ base: any HTTPTransport) { self.base = base }

    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        lock.withLock { requests.append(request) }
        let response = try await base.send(request)
        lock.withLock { responses.append(response) }
        return response
    }

    /// How many requests were sent, optionally of one method.
    public func count(_ method: String? = nil) -> Int {
        lock.withLock { requests.filter { method == nil || $0.method == method }.count }
    }

    /// How many requests of `method` went to a URL containing `fragment`.
    public func count(_ method: String, pathContaining fragment: String) -> Int {
        lock.withLock { requests.filter { $0.method == method && $0.url.contains(fragment) }.count }
    }

    /// Total connections libcurl opened for the recorded responses.
    public var connectionsOpened: Int {
        lock.withLock { responses.map(\.connectionsOpened).reduce(0, +) }
    }
}
