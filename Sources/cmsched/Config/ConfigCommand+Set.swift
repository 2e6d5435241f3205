import ArgumentParser
import SchedulerKit

extension ConfigCommand {
    /// `config set KEY VALUE`.
    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a key in the configuration file (written atomically, mode 0600).",
            discussion: """
                Examples:
                  cmsched config set callbridge.url https://cms.example.com:445
                  cmsched config set callbridge.password_file /etc/cmsched/callbridge.pw
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key, e.g. callbridge.url.") var key: String
        @Argument(help: "The value.") var value: String

        func run() async throws {
            let editor = ConfigEditor(locations: Locations(), configFlag: global.config)
            let written = try editor.set(key, value)
            if !global.quiet { Console.error("\(key) = \(written) (\(editor.path))") }
        }
    }
}
