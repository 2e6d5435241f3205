import ArgumentParser
import SchedulerKit

extension StoreCommand {
    /// `store copy --to URL`: a SQLite store into an empty PostgreSQL database, verified.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy this SQLite store into an empty PostgreSQL database, verified table by table.",
            discussion: """
                Every table is copied in one transaction on the target (its schema made first, as cmsched \
                makes it), then read back: each table's row count and checksum must match the source's, or \
                nothing is kept (exit 74); the copied tables are then analyzed, so PostgreSQL plans the \
                first queries from their statistics. A target holding any row is refused untouched (exit \
                73). The source is read in one transaction, so the copy is of one moment; stop serve and \
                cron's cmsched jobs first so nothing is written after it. The target's password and CA are \
                found as for store.url (store.password_file, $CMSCHED_STORE_PASSWORD or ~/.pgpass; \
                store.ca_file). Then point store.url at the target.

                Examples:
                  cmsched store copy --to postgres://cmsched@db.example.com/cmsched --dry-run
                  cmsched store copy --to postgres://cmsched@db.example.com/cmsched
                  cmsched config set store.url postgres://cmsched@db.example.com/cmsched
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: ArgumentHelp("The empty PostgreSQL database: postgres://USER@HOST[:PORT]/DB[?sslmode=…].", valueName: "url"))
        var to: String
        @Flag(help: "Read the source and show what would be copied; write nothing.") var dryRun = false

        func run() async throws {
            let copied = try await global.scheduler().copyStore(to: to, dryRun: dryRun)
            let rows = copied.map { [$0.table, String($0.rows), $0.checksum, $0.copiedRows.map(String.init) ?? "", $0.copiedChecksum ?? ""] }
            try global.report(Render.rows(
                output.format, header: ["table", "rows", "checksum", "copiedRows", "copiedChecksum"], rows: rows, json: copied))
        }
    }
}
