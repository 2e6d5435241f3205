import ArgumentParser
import SchedulerKit

extension TemplateCommand {
    /// `cmsched template show NAME|ID`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one coSpaceTemplate with its access method templates.",
            discussion: """
                Examples:
                  cmsched template show CoSpaceTemp-Scheduler
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: "Template name or id.") var template: String

        func run() async throws {
            let view = try await global.scheduler().template(template)
            try Console.out(TemplateCommand.render([view], format: output.format, single: true))
        }
    }
}
