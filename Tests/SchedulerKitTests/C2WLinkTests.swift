import Foundation
import Logging
import Testing
import TestSupport

@testable import SchedulerKit
@testable import SchedulerServer

/// A C2W link to a Web Bridge that never finishes its side gives up and tries again.
@Suite("C2W link timeouts", .serialized)
struct C2WLinkTests {
    /// A TCP listener that accepts (in the kernel's backlog) but never says anything: TLS never starts.
    final class BlackHole {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(fd, 16) == 0 else {
                port = 0
                throw TestSupportError("cannot listen")
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// Accepts (and closes) every connection waiting in the backlog; returns how many there were.
        func drain() -> Int {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var count = 0
            while case let client = accept(fd, nil, nil), client >= 0 {
                close(client)
                count += 1
            }
            return count
        }

        deinit { close(fd) }
    }

    @Test func aBridgeThatNeverAnswersTLSIsDownWithTheStepAndRetried() async throws {
        let pki = try TestPKI.make()
        let hole = try BlackHole()
        let home = NSTemporaryDirectory() + "c2w-\(UUID().uuidString)"
        let environment = try Environment.build(EnvironmentOptions(logLevel: .critical, locations: Locations(environment: [
            "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
            "CMSCHED_C2W_KEY": pki.directory + "/client.key", "CMSCHED_C2W_CERT": pki.directory + "/client.pem",
            "CMSCHED_C2W_TRUST": pki.caFile,
        ])))
        let scheduler = Scheduler(environment)
        let dialer = try C2WDialer(credentials: try C2WCredentials.load(environment.settings))
        let states = LinkStates(now: { Date() }, metrics: nil)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let endpoint = try C2WEndpoint(url: "c2w://127.0.0.1:\(hole.port)")
        let link = C2WLink(
            endpoint: endpoint, dialer: dialer, handler: C2WRequestHandler(scheduler: scheduler), instance: "test",
            logger: logger, states: states, linkTimeout: .milliseconds(300))
        let task = Task { await link.run() }
        var state: LinkStates.State?
        for _ in 0..<100 where state == nil {
            try await Task.sleep(for: .milliseconds(50))
            state = await states.all[endpoint.url]
        }
        #expect(state?.up == false)
        #expect(state?.reason?.hasPrefix("no answer within") == true, "\(String(describing: state))")
        #expect(state?.reason?.contains("(step tls)") == true, "\(String(describing: state))")
        // It tries again (backoff up to 1 s after the first failure; a loaded machine may take longer).
        var connections = 0
        for _ in 0..<200 where connections < 2 {
            try await Task.sleep(for: .milliseconds(50))
            connections += hole.drain()
        }
        #expect(connections >= 2, "a second connection after the first timed out")
        await link.close()
        task.cancel()
        await task.value
    }
}
