import ArgumentParser
import SchedulerKit

/// `cmsched bridge`: the Web Bridges the Call Bridge knows.
struct BridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "Web Bridges, as the Call Bridge API lists them.",
        subcommands: [List.self]
    )

    /// `bridge list`: every Web Bridge from `GET /api/v1/webBridges`, all pages.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the Web Bridges (c2w:// for Web Bridge 3, https:// on older systems).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = try global.context()
            let bridges = try await context.callBridge().webBridges()
            let header = ["id", "url", "tenant"]
            let rows = bridges.map { [$0.id, $0.url ?? "", $0.tenant ?? ""] }
            try Console.out(try Render.rows(global.format, header: header, rows: rows, json: bridges))
        }
    }
}
