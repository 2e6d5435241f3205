import ArgumentParser
import SchedulerKit
import SchedulerServer

extension BridgeCommand {
    /// `bridge probe`: each step of a C2W link to each Web Bridge, as `c2w.md` lists them.
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "probe",
            abstract: "Check that each Web Bridge answers C2W: DNS, TCP, TLS, certificates, WebSocket, hello, ping.",
            discussion: """
                Without URLs, probes every Web Bridge the Call Bridge lists; all at once, each bounded by \
                --timeout. For a c2w:// URL: DNS, TCP connect time, TLS handshake time, the server \
                certificate (subject, SANs, days to expiry), its chain and host checked against c2w.trust, \
                the client certificate c2w.cert accepted, the WebSocket upgrade with subprotocol c2w.v1, the \
                hello GUID and name, and one ping. An https:// URL (Web Bridge 2) gets the TLS steps only. \
                Status up when every step passed, warning when the certificate expires within --warn-days, \
                down otherwise (step names where it failed). Exit 0 all up, 3 some down or warning, 69 none \
                answered, 78 C2W certificates not configured.

                Examples:
                  cmsched bridge probe
                  cmsched bridge probe c2w://wb1.example.com:9999 --format json
                  cmsched bridge probe --warn-days 60 --format csv
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("Web Bridge URLs (c2w://HOST:PORT or https://HOST); default: all the Call Bridge lists.", valueName: "url"))
        var urls: [String] = []

        @Option(help: ArgumentHelp("Most seconds to spend on each Web Bridge.", valueName: "seconds"))
        var timeout: Double = 5

        @Option(help: ArgumentHelp("A certificate expiring within this many days is a warning.", valueName: "days"))
        var warnDays = 30

        func validate() throws {
            guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be more than 0 and at most 300 seconds") }
            guard warnDays >= 0 else { throw ValidationError("--warn-days must be 0 or more") }
        }

        func run() async throws {
            let results = try await global.scheduler().probeWebBridges(
                urls, timeout: .milliseconds(Int64(timeout * 1000)), warnDays: warnDays)
            try Console.out(Render.rows(output.format, header: ProbeText.header, rows: results.map(ProbeText.row), json: results))
            if let failure = WebBridgeProbe.failure(results) { throw failure }
        }
    }
}
