import ArgumentParser
import SchedulerKit

extension ConfigCommand {
    /// `config unset KEY`.
    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unset",
            abstract: "Remove a key from the configuration file (its default applies again).",
            discussion: """
                Examples:
                  cmsched config unset email.server
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Change the system-wide /etc/cmsched/config.toml (mode 0640, group cmsched) that the daemon and every user read, not your own file.")
        var system = false
        @Argument(help: "The key, e.g. email.server.") var key: String

        func run() async throws {
            let editor = ConfigEditor(locations: Locations(), configFlag: global.config, system: system)
            let removed = try editor.unset(key)
            if !global.quiet { Console.error(removed ? "\(key) unset (\(editor.path))" : "\(key) was not set") }
        }
    }
}
