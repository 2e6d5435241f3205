import ArgumentParser
import SchedulerKit

/// `cmsched status`: is each part of the scheduler configured and answering?
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the database, Call Bridge, HTTPS, C2W and email are configured and answering.",
        discussion: "Exits 0 when every configured part answers; otherwise with the first failing part's code."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try global.context()
        let status = await StatusChecker(settings: context.settings, databasePath: context.databasePath, logger: context.logger).run()
        let header = ["part", "status", "detail"]
        let rows = status.parts.map { [$0.name, $0.status.status.rawValue, $0.status.detail] }
        try Console.out(try Render.rows(global.format, header: header, rows: rows, json: status))
        if let failure = status.firstFailure {
            throw ExitCode(failure.exitStatus.rawValue)
        }
    }
}
