import ArgumentParser
import Foundation
import SchedulerKit

extension CleanupCommand {
    /// `cmsched cleanup run [--dry-run] [--now TIME] [--orphans report|delete]`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Delete every temporary space whose meeting ended cleanup.grace (24h) or more ago.",
            discussion: """
                A series ends at its last occurrence; a series without an end keeps its space. Existing (booked) \
                spaces are never touched, nor a space with a call in progress on any Call Bridge of the cluster \
                (it is retried next run). A space already gone counts as deleted. Orphans are spaces cmsched \
                created (cdrTag cmsched:…) that no meeting in the store owns. Holds the job lock. The CMS \
                Scheduler runs this daily at 01:15 UTC: `15 1 * * * cmsched cleanup run --quiet` with CRON_TZ=UTC. \
                Exit 0 when every due space is gone; 3 when some failed, when a space was kept because a Call \
                Bridge of the cluster could not be asked (credentials go only over https, or plain http to \
                loopback), or when a meeting row could not be read back; 69 when the Call Bridge is unreachable.

                Examples:
                  cmsched cleanup run --dry-run
                  cmsched cleanup run --now 2026-12-24T01:15:00Z --format json
                  15 1 * * * cmsched cleanup run --quiet   (crontab, with CRON_TZ=UTC)
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Flag(help: "List what would be deleted; change nothing.") var dryRun = false
        @Option(help: ArgumentHelp("Evaluate as of this time instead of now.", valueName: "time")) var now: String?
        @Option(help: "What to do with orphaned spaces: report or delete.") var orphans: TemporarySpaceReaper.OrphanAction = .report

        func run() async throws {
            let scheduler = try global.scheduler()
            let zone = scheduler.environment.typed.meetings.timeZone
            let instant = try now.map { try TimeArgument.instant($0, zone: zone, flag: "--now") }
            let report = try await scheduler.runCleanup(now: instant, dryRun: dryRun, orphans: orphans)
            Console.warnUnreadable(report.unreadable)
            try global.report(Self.render(report, format: output.format))
            if let failure = report.failure { throw failure }
        }

        static func render(_ report: CleanupReport, format: OutputFormat) throws -> String {
            let sections: [(String, [CleanupReport.Item])] = [
                (report.dryRun ? "due" : "deleted", report.deleted), ("skipped", report.skipped), ("failed", report.failed),
                ("orphan", report.orphans),
            ]
            let rows = sections.flatMap { outcome, items in
                items.map { [outcome, $0.coSpaceId, $0.name, $0.ended ?? "", $0.reason ?? ""] }
            }
            return try Render.rows(format, header: ["outcome", "coSpace", "name", "ended", "reason"], rows: rows, json: report)
        }
    }
}
