import ArgumentParser
import SchedulerKit

extension BridgeCommand {
    /// `bridge list`: every Web Bridge from `GET /api/v1/webBridges`, all pages.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the Web Bridges (c2w:// for Web Bridge 3, https:// on older systems).",
            discussion: """
                Examples:
                  cmsched bridge list
                  cmsched bridge list --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let bridges = try await global.scheduler().webBridges()
            let rows = bridges.map { [$0.id, $0.url ?? "", $0.tenant ?? ""] }
            try Console.out(Render.rows(output.format, header: ["id", "url", "tenant"], rows: rows, json: bridges))
        }
    }
}
