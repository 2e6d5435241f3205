import ArgumentParser
import SchedulerKit
import SchedulerServer

/// `cmsched serve`: the long-lived scheduler process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Link to every Web Bridge over C2W, answer web app users, run the daily cleanup and send mail.",
        discussion: """
            Reads the Web Bridges from the Call Bridge (all pages) and holds a C2W link to each c2w:// one \
            (mutual TLS with c2w.key, c2w.cert, c2w.trust; ping every 15 s; reconnect with backoff), \
            re-reading the list every 5 minutes and on SIGHUP. Web app users' requests (templates, spaces, \
            meetings) are answered through the same rules as the CLI; every meeting change, by any process, \
            is pushed to each Web Bridge as meeting.changed. Also runs cleanup at cleanup.at (UTC) and drains \
            the outbox when email is configured. With https.listen, https.key and https.cert it serves the \
            HTTPS API under /api/v1/scheduler/, /metrics, and operations pages under /ops/ (overview, agenda, \
            meetings, outbox, cleanup; sign in with an API user). Logs at notice level by default; SIGTERM or SIGINT stops it \
            gracefully (links closed with 1001). Exits 78 when C2W Web Bridges exist but c2w.* is not set, or \
            the key does not match its certificate.

            Examples:
              cmsched serve
              cmsched serve --log-level info
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let environment = try global.environment(defaultLogLevel: .notice)
        // What serve writes of its own (cleanup, finishing half-made meetings) is the daemon's;
        // its HTTPS and C2W requests say whose they are.
        try await ChangeOrigin.$current.withValue(ChangeOrigin(.serve, user: ClaimHolder.current.host)) {
            try await SchedulerDaemon.prepare(environment).serviceGroup().run()
        }
    }
}
