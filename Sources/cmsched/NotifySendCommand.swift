import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched notify send [--limit N] [--dry-run]`.
struct NotifySendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Deliver the email outbox over SMTP (for cron: */5 * * * * cmsched notify send --quiet).",
        discussion: """
            Each row is claimed with a lease and marked sent only after the server's 250; 4xx replies and \
            broken connections are retried with backoff (up to 8 attempts); 5xx replies dead-letter the row \
            with the server's reply. Holds the job lock. Exit 0 when all were sent, 3 when some failed or \
            were dead-lettered, 69 when the server is unreachable, 77 when it refuses the credentials, \
            78 when email settings are missing.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Send at most this many messages.") var limit = 1000
    @Flag(help: "Show what is due; send nothing.") var dryRun = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let context = try global.context()
        let smtp = try SMTPSettings.configured(by: context.settings)
        let lock = try LockFile(beside: context.databasePath, job: "notify send")
        defer { lock.release() }
        let store = try context.openStore()
        let header = ["id", "outcome", "recipient", "method", "meeting", "error"]
        if dryRun {
            let due = try store.dueOutbox(limit: limit, now: Date())
            let rows = due.map { [String($0.id), "due", $0.recipient, $0.method, $0.meetingId, ""] }
            try Console.out(try Render.rows(global.format, header: header, rows: rows, json: due))
            return
        }
        let sender = OutboxSender(
            store: store, smtp: SMTPClient(settings: smtp),
            composer: InvitationComposer(from: smtp.from, writer: context.calendarWriter),
            callBridge: context.settings[.callBridgeURL] == nil ? nil : try? context.callBridge(), logger: context.logger)
        let report = try await sender.run(limit: limit)
        let sections: [(String, [DeliveryReport.Item])] = [("sent", report.sent), ("retrying", report.retrying), ("dead", report.dead)]
        let rows = sections.flatMap { outcome, items in
            items.map { [String($0.id), outcome, $0.recipient, $0.method, $0.meetingId, $0.error ?? ""] }
        }
        try Console.out(try Render.rows(global.format, header: header, rows: rows, json: report))
        let failed = report.retrying.count + report.dead.count
        if failed > 0 { throw CmschedError.partial("\(failed) messages were not delivered") }
    }
}
