import Foundation
import NIOSSL

/// The simulator's live Web Bridges, all sharing one TLS identity and trust bundle.
public struct SimWebBridges: Sendable {
    public let bridges: [SimWebBridge]
    /// The folder holding `ca.pem`, `server.pem`/`server.key` (and, when made by the simulator,
    /// `client.pem`/`client.key` for cmsched).
    public let tlsDirectory: String

    /// Bridges with these ids, presenting `DIR/server.pem` and accepting clients chained to `DIR/ca.pem`.
    init(ids: [String], tlsDirectory: String) throws {
        self.tlsDirectory = tlsDirectory
        guard !ids.isEmpty else {
            bridges = []
            return
        }
        let context = try NIOSSLContext(configuration: Self.mutualTLS(directory: tlsDirectory))
        bridges = ids.enumerated().map { SimWebBridge(id: $1, name: "webbridge\($0 + 1)", tls: context) }
    }

    static func mutualTLS(directory: String) throws -> TLSConfiguration {
        var configuration = try CallBridgeSimulator.tls(directory: directory)
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .file(directory + "/ca.pem")
        return configuration
    }

    public func bridge(id: String) -> SimWebBridge? {
        bridges.first { $0.id == id }
    }

    /// Binds every listener; returns their `c2w://` URLs in order.
    func startAll() async throws -> [String] {
        var urls: [String] = []
        for bridge in bridges {
            try await bridge.start()
            urls.append(await bridge.url)
        }
        return urls
    }

    public func stopAll() async {
        for bridge in bridges { await bridge.stop() }
    }
}
