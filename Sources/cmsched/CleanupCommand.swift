import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched cleanup`: the daily deletion of temporary spaces.
struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup", abstract: "Delete temporary spaces after their meetings end.", subcommands: [CleanupRunCommand.self])
}

/// `cmsched cleanup run [--dry-run] [--now TIME] [--orphans report|delete]`.
struct CleanupRunCommand: AsyncParsableCommand {
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
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "List what would be deleted; change nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Evaluate as of this time instead of now.", valueName: "time")) var now: String?
    @Option(help: "What to do with orphaned spaces: report or delete.") var orphans: TemporarySpaceReaper.OrphanAction = .report

    func run() async throws {
        let context = try global.context()
        let instant = try now.map { try TimeArgument.instant($0, zone: .current, flag: "--now") } ?? Date()
        let lock = try LockFile(beside: context.databasePath, job: "cleanup run")
        defer { lock.release() }
        let client = try context.callBridge()
        let grace = TimeInterval(DurationText.seconds(context.settings[.cleanupGrace] ?? "24h") ?? 86_400)
        let reaper = TemporarySpaceReaper(
            client: client, store: try context.openStore(), grace: grace,
            peers: { try client.peer(at: $0.address ?? "") }, logger: context.logger)
        let report = try await reaper.run(now: instant, dryRun: dryRun, orphans: orphans)
        Console.warnUnreadable(report.unreadable)
        let sections: [(String, [CleanupReport.Item])] = [
            (dryRun ? "due" : "deleted", report.deleted), ("skipped", report.skipped), ("failed", report.failed),
            ("orphan", report.orphans),
        ]
        let rows = sections.flatMap { outcome, items in
            items.map { [outcome, $0.coSpaceId, $0.name, $0.ended ?? "", $0.reason ?? ""] }
        }
        try Console.out(try Render.rows(global.format, header: ["outcome", "coSpace", "name", "ended", "reason"], rows: rows, json: report))
        if !report.failed.isEmpty || report.undetermined > 0 || !report.unreadable.isEmpty {
            throw CmschedError.partial(
                "\(report.failed.count) spaces could not be deleted, \(report.undetermined) kept because their call state is unknown, \(report.unreadable.count) meetings unreadable")
        }
    }
}

extension TemporarySpaceReaper.OrphanAction: ExpressibleByArgument {}
