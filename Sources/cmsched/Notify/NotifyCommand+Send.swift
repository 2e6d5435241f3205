import ArgumentParser
import SchedulerKit

extension NotifyCommand {
    /// `cmsched notify send [--limit N] [--dry-run]`.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Deliver the email outbox over SMTP (for cron: */5 * * * * cmsched notify send --quiet).",
            discussion: """
                Each row is claimed with a lease and marked sent only after the server's 250; 4xx replies and \
                broken connections are retried with backoff (up to 8 attempts); 5xx replies dead-letter the row \
                with the server's reply. Holds the job lock. Exit 0 when all were sent, 3 when some failed or \
                were dead-lettered, 69 when the server is unreachable, 77 when it refuses the credentials, \
                78 when email settings are missing.

                Examples:
                  cmsched notify send
                  cmsched notify send --dry-run --format json
                  */5 * * * * cmsched notify send --quiet   (crontab)
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: "Send at most this many messages.") var limit = 1000
        @Flag(help: "Show what is due; send nothing.") var dryRun = false
        @Flag(help: "Also send the messages waiting out a retry backoff.") var retryNow = false

        static let header = ["id", "outcome", "recipient", "method", "meeting", "error"]

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let scheduler = try global.scheduler()
            guard !dryRun else {
                let due = try await scheduler.dueOutbox(limit: limit)
                let rows = due.map { [String($0.id), "due", $0.recipient, $0.method, $0.meetingId, ""] }
                return try Console.out(Render.rows(output.format, header: Self.header, rows: rows, json: due))
            }
            let report = try await scheduler.sendOutbox(limit: limit, retryNow: retryNow)
            try global.report(Self.render(report, format: output.format))
            if let failure = report.failure { throw failure }
        }

        static func render(_ report: DeliveryReport, format: OutputFormat) throws -> String {
            let sections: [(String, [DeliveryReport.Item])] = [("sent", report.sent), ("retrying", report.retrying), ("dead", report.dead)]
            let rows = sections.flatMap { outcome, items in
                items.map { [String($0.id), outcome, $0.recipient, $0.method, $0.meetingId, $0.error ?? ""] }
            }
            return try Render.rows(format, header: header, rows: rows, json: report)
        }
    }
}
