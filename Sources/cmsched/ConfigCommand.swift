import ArgumentParser
import SchedulerKit

/// `cmsched config`: the MMP-like settings.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show and change settings (the equivalent of the MMP scheduler commands).",
        discussion: """
            Keys: \(ConfigKey.allCases.map(\.rawValue).joined(separator: ", ")). \
            Each can be overridden by an environment variable such as CMSCHED_CALLBRIDGE_URL. \
            Passwords are never values: use callbridge.password_file and email.password_file \
            (mode 0600), or $CMSCHED_CALLBRIDGE_PASSWORD and $CMSCHED_EMAIL_PASSWORD.
            """,
        subcommands: [Show.self, Set.self, Unset.self]
    )

    /// `config show`: every key, its value and where it came from.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every setting, its value and its source (secret files as <file: PATH>).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let settings = try global.context().settings
            let entries = ConfigKey.allCases.map { key in
                ConfigEntryView(
                    key: key.rawValue, value: settings.displayValue(key),
                    source: settings.entries[key].map(\.source.description))
            }
            let rows = entries.map { [$0.key, $0.value ?? "", $0.source ?? ""] }
            try Console.out(try Render.rows(global.format, header: ["key", "value", "source"], rows: rows, json: entries))
        }
    }

    /// `config set KEY VALUE`.
    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a key in the configuration file (written atomically, mode 0600).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key, e.g. callbridge.url.") var key: String
        @Argument(help: "The value.") var value: String

        func run() async throws {
            let editor = ConfigEditor(locations: Locations(), configFlag: global.config)
            let written = try editor.set(key, value)
            if !global.quiet { Console.error("\(key) = \(written) (\(editor.path))") }
        }
    }

    /// `config unset KEY`.
    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a key from the configuration file (its default applies again).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key, e.g. email.server.") var key: String

        func run() async throws {
            let editor = ConfigEditor(locations: Locations(), configFlag: global.config)
            let removed = try editor.unset(key)
            if !global.quiet { Console.error(removed ? "\(key) unset (\(editor.path))" : "\(key) was not set") }
        }
    }
}

/// One line of `config show`, as JSON: `{"key", "value", "source"}`.
struct ConfigEntryView: Encodable {
    let key: String
    let value: String?
    let source: String?
}
