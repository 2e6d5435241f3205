import ArgumentParser
import SchedulerKit

extension TemplateCommand {
    /// `cmsched template list [--user JID]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List coSpaceTemplates with their access method templates.",
            discussion: """
                Examples:
                  cmsched template list
                  cmsched template list --user saiacano@s.com --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: ArgumentHelp("Only the templates assigned to this user.", valueName: "jid")) var user: String?

        func run() async throws {
            try Console.out(TemplateCommand.render(try await global.scheduler().templates(for: user), format: output.format))
        }
    }
}
