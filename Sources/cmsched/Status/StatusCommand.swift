import ArgumentParser
import SchedulerKit

/// `cmsched status`: is each part of the scheduler configured and answering?
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the database, Call Bridge, HTTPS, C2W and email are configured and answering.",
        discussion: """
            Each configured part is checked for real, as the MMP's scheduler enable does: the database \
            answers a read and a write; the Call Bridge answers GET /api/v1/system/status; for https and \
            c2w the key matches the certificate, the chain verifies (against c2w.trust, its own root or the \
            system roots) and the certificate has not expired (a warning under 30 days); the SMTP server \
            answers EHLO, STARTTLS and AUTH when configured, then NOOP and QUIT (no mail is sent). \
            --offline skips the Call Bridge and SMTP. Exit 0 when every configured part works (warnings \
            included), 3 when one fails (the reason is in its detail).

            Examples:
              cmsched status
              cmsched status --offline --format json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOptions
    @Flag(help: "Check only local things (files, certificates, the database): contact no server.") var offline = false

    func run() async throws {
        let status = try await global.scheduler().status(offline: offline)
        let rows = status.parts.map { [$0.name, $0.status.status.rawValue, $0.status.detail] }
        try global.report(Render.rows(output.format, header: ["part", "status", "detail"], rows: rows, json: status))
        if let failure = status.failure { throw failure }
    }
}
