import ArgumentParser
import SchedulerKit

extension ConfigCommand {
    /// `config show`: every key, its value and where it came from.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show every setting, its value and its source (secret files as <file: PATH>).",
            discussion: """
                Examples:
                  cmsched config show
                  cmsched config show --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let settings = try global.environment().settings
            let entries = ConfigKey.allCases.map { key in
                ConfigEntryView(
                    key: key.rawValue, value: settings.displayValue(key),
                    source: settings.entries[key].map(\.source.description))
            }
            let rows = entries.map { [$0.key, $0.value ?? "", $0.source ?? ""] }
            try Console.out(try Render.rows(output.format, header: ["key", "value", "source"], rows: rows, json: entries))
        }
    }
}
