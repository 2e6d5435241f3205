import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import SchedulerKit
import ServiceLifecycle

/// The HTTPS listener of `serve` on `https.listen` with `https.key` and `https.cert`.
public enum APIServer {
    /// The listener's service, or nil when no `https.*` key is set; a configuration error (78)
    /// when only some are, or the key does not match the certificate.
    public static func service(_ api: SchedulerAPI, environment: SchedulerKit.Environment, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        throws -> (any Service)?
    {
        let settings = environment.settings
        let keys: [ConfigKey] = [.httpsListen, .httpsKey, .httpsCert]
        guard keys.contains(where: { settings[$0] != nil }) else { return nil }
        let missing = keys.filter { settings[$0] == nil }
        guard missing.isEmpty else {
            throw CmschedError.configuration("the HTTPS API needs \(missing.map(\.rawValue).joined(separator: ", ")) as well")
        }
        guard let address = ListenAddress(settings[.httpsListen]!) else {
            throw CmschedError.configuration("https.listen: expected HOST:PORT")
        }
        try ListenCheck.ensureFree(address)
        let identity = try TLSIdentity(cert: .httpsCert, key: .httpsKey, in: settings)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: identity.chain.map { .certificate($0) }, privateKey: .privateKey(identity.key))
        tls.minimumTLSVersion = .tlsv12
        var quiet = environment.logger
        quiet.logLevel = max(environment.logger.logLevel, .warning)
        let limits = environment.typed.https
        DescriptorLimit.ensure(connections: limits.maxConnections, logger: environment.logger)
        let budget = ConnectionBudget(limit: limits.maxConnections, logger: environment.logger)
        // The idle timeout closes a connection that sends no request part for that long: one
        // stuck in its TLS handshake, sending its head too slowly, whose body stops arriving,
        // or kept alive with nothing to ask.
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGate(budget: budget)], idleTimeout: TimeAmount.seconds(limits.idleTimeout.components.seconds),
            httpDecoderConfiguration: HTTP1Channel.Configuration.DecoderConfiguration(maxHeaderFieldSize: ServeLimits.maxHeaderBytes, maxHeaderListSize: ServeLimits.maxHeaderBytes, maxHeaderFieldCount: 100))
        return Application(
            router: api.router(),
            server: try .tls(.http1(configuration: http), tlsConfiguration: tls),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                environment.logger.component(.api).notice("HTTPS API listening on \(address.host):\(port)")
                await onListening(port)
            },
            logger: quiet)
    }
}
