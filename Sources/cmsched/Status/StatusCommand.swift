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
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let status = try await global.scheduler().status()
        let rows = status.parts.map { [$0.name, $0.status.status.rawValue, $0.status.detail] }
        try global.report(Render.rows(output.format, header: ["part", "status", "detail"], rows: rows, json: status))
        if let failure = status.firstFailure { throw failure }
    }
}
