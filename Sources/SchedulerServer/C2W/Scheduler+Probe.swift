import Foundation
import SchedulerKit

extension Scheduler {
    /// `bridge probe`: probes `urls`, or every Web Bridge the Call Bridge lists (all pages) when
    /// none are given. Throws a configuration error (78) when the C2W certificates are not set up.
    public func probeWebBridges(_ urls: [String], timeout: Duration, warnDays: Int) async throws -> [ProbeResult] {
        let credentials = try C2WCredentials.load(environment.settings)
        for url in urls {
            do {
                _ = try C2WEndpoint(url: url)
            } catch let error as CmschedError {
                throw CmschedError.usage(error.message)
            }
        }
        let targets = urls.isEmpty ? try await webBridges().map { $0.url ?? "" } : urls
        let dialer = try C2WDialer(credentials: credentials)
        let probe = WebBridgeProbe(dialer: dialer, timeout: timeout, warnDays: warnDays, now: { [environment] in environment.now() })
        return await probe.run(targets)
    }
}
