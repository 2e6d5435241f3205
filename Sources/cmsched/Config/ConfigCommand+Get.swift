import ArgumentParser
import SchedulerKit

extension ConfigCommand {
    /// `config get KEY`: one value, for scripts.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print one setting's value (exit 0 when set, 66 when unset, 78 for an unknown key).",
            discussion: """
                Defaults count as set. Secret files print their path, never their content.

                Examples:
                  cmsched config get callbridge.url
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key, e.g. callbridge.url.") var key: String

        func run() async throws {
            try Console.out(try global.environment().settings.value(named: key) + "\n")
        }
    }
}
