import Foundation
import NIOCore
import NIOWebSocket
import SchedulerKit

/// What `bridge probe` found for one Web Bridge (`c2w.md`, "What bridge probe reports").
public struct ProbeResult: Sendable, StableJSON {
    public enum Status: String, Sendable, Encodable { case up, down, warning }

    /// The server certificate the Web Bridge presented.
    public struct CertificateInfo: Sendable, StableJSON {
        public var subject: String
        public var sans: [String]
        public var notAfter: Date
        public var daysLeft: Int
    }

    public var url: String
    public var status: Status
    /// The step that failed (down), or that warns (`verify` for a certificate close to expiry).
    public var step: C2WStep?
    public var reason: String?
    public var connectMs: Double?
    public var tlsMs: Double?
    public var pingMs: Double?
    public var guid: String?
    public var name: String?
    public var certificate: CertificateInfo?

    /// True when the Web Bridge accepted a TCP connection.
    var answered: Bool { connectMs != nil }
}

/// `bridge probe`: every step of a C2W link to each Web Bridge, concurrently, each bounded by a timeout.
public struct WebBridgeProbe: Sendable {
    public let dialer: C2WDialer
    public let timeout: Duration
    /// A certificate expiring within this many days is a warning.
    public let warnDays: Int
    let now: @Sendable () -> Date

    public init(dialer: C2WDialer, timeout: Duration = .seconds(5), warnDays: Int = 30, now: @escaping @Sendable () -> Date) {
        self.dialer = dialer
        self.timeout = timeout
        self.warnDays = warnDays
        self.now = now
    }

    /// Probes every URL at once; results in the order given.
    public func run(_ urls: [String]) async -> [ProbeResult] {
        await withTaskGroup(of: (Int, ProbeResult).self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask { (index, await probe(url)) }
            }
            var results = [ProbeResult?](repeating: nil, count: urls.count)
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }

    /// How a probe of `results` ends: nil when every Web Bridge is up; unavailable (69) when none
    /// answered; partial (3) when some are down or warn.
    public static func failure(_ results: [ProbeResult]) -> CmschedError? {
        if results.allSatisfy({ $0.status == .up }) { return nil }
        if results.allSatisfy({ !$0.answered }) { return .unavailable("no Web Bridge answered (\(results.count) probed)") }
        let failing = results.filter { $0.status != .up }.count
        return .partial("\(failing) of \(results.count) Web Bridges down or warning")
    }

    /// One Web Bridge, bounded by `timeout`: a step still under way when it expires fails with
    /// "timed out" and the connection is closed. (A user name and password in the URL are
    /// dropped: never used, never shown.)
    public func probe(_ given: String) async -> ProbeResult {
        let url = TextRules.withoutUserInfo(given)
        let progress = DialProgress()
        let race = Race<ProbeResult>()
        let timeout = self.timeout
        return await withCheckedContinuation { continuation in
            race.start(continuation)
            let timer = Task {
                try await Task.sleep(for: timeout)
                let step = progress.step
                progress.expire()
                race.finish(result(url, progress: progress, failure: C2WFailure(step: step, reason: "timed out after \(timeout.timeInterval) s in step \(step.rawValue)")))
            }
            Task {
                race.finish(await attempt(url, progress: progress))
                timer.cancel()
            }
        }
    }

    private func attempt(_ url: String, progress: DialProgress) async -> ProbeResult {
        let endpoint: C2WEndpoint
        do {
            endpoint = try C2WEndpoint(url: url)
        } catch {
            return result(url, progress: progress, failure: C2WFailure(step: .url, reason: CmschedError.wrapping(error)?.message ?? "\(error)"))
        }
        do {
            switch endpoint.kind {
            case .https:
                try await dialer.checkTLS(endpoint, progress: progress)
                return result(url, progress: progress, failure: nil)
            case .c2w:
                var hello: C2WHello?
                var ping: Duration?
                try await dialer.withLink(endpoint, progress: progress) { socket, frames in
                    hello = socket.hello
                    progress.begin(.ping)
                    ping = try await Self.ping(socket, &frames)
                    await socket.close(.normalClosure)
                }
                var found = result(url, progress: progress, failure: nil)
                found.guid = hello?.guid
                found.name = hello?.name
                found.pingMs = ping.map(Self.milliseconds)
                return found
            }
        } catch let failure as C2WFailure {
            return result(url, progress: progress, failure: failure)
        } catch {
            return result(url, progress: progress, failure: C2WFailure(step: progress.step, reason: "\(error)"))
        }
    }

    /// One ping and its pong (other frames are skipped).
    static func ping(_ socket: C2WSocket, _ frames: inout NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator) async throws -> Duration {
        let payload = ByteBuffer(bytes: (0..<8).map { _ in UInt8.random(in: 0...255) })
        let start = ContinuousClock.now
        try await socket.ping(payload)
        while let frame = try await frames.next() {
            if frame.opcode == .pong, frame.unmaskedData == payload { return ContinuousClock.now - start }
            if frame.opcode == .connectionClose { break }
        }
        throw C2WFailure(step: .ping, reason: "the link closed before the pong")
    }

    private func result(_ url: String, progress: DialProgress, failure: C2WFailure?) -> ProbeResult {
        var found = ProbeResult(
            url: url, status: failure == nil ? .up : .down, step: failure?.step, reason: failure?.reason,
            connectMs: progress.timing(.connect).map(Self.milliseconds), tlsMs: progress.timing(.tls).map(Self.milliseconds))
        if let certificate = progress.certificate {
            let daysLeft = Int(floor(certificate.notAfter.timeIntervalSince(now()) / 86_400))
            found.certificate = .init(subject: certificate.subject, sans: certificate.sans, notAfter: certificate.notAfter, daysLeft: daysLeft)
            if found.status == .up, daysLeft < warnDays {
                found.status = .warning
                found.step = .verify
                found.reason = "the certificate \(certificate.subject) expires in \(daysLeft) days (within \(warnDays))"
            }
        }
        return found
    }

    static func milliseconds(_ duration: Duration) -> Double {
        (duration.timeInterval * 10_000).rounded() / 10
    }
}

/// The first of several finishers resumes the continuation; the others are ignored.
final class Race<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?
    private var done = false

    func start(_ continuation: CheckedContinuation<Value, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    func finish(_ value: Value) {
        let waiting: CheckedContinuation<Value, Never>? = lock.withLock {
            guard !done else { return nil }
            done = true
            return continuation
        }
        waiting?.resume(returning: value)
    }
}

extension ProbeResult.CertificateInfo: Equatable {}

/// `bridge probe`'s table and CSV columns, one row per Web Bridge (JSON is `ProbeResult` itself).
public enum ProbeText {
    public static let header = [
        "url", "status", "step", "reason", "connectMs", "tlsMs", "pingMs", "guid",
        "certificate.subject", "certificate.sans", "certificate.notAfter", "certificate.daysLeft",
    ]

    public static func row(_ result: ProbeResult) -> [String] {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        return [
            result.url, result.status.rawValue, result.step?.rawValue ?? "", result.reason ?? "",
            number(result.connectMs), number(result.tlsMs), number(result.pingMs), result.guid ?? "",
            result.certificate?.subject ?? "", result.certificate?.sans.joined(separator: " ") ?? "",
            result.certificate.map { RFC3339.string($0.notAfter, in: TimeZone(identifier: "UTC")!) } ?? "",
            result.certificate.map { String($0.daysLeft) } ?? "",
        ]
    }
}
