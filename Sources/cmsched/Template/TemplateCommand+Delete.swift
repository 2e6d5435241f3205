import ArgumentParser
import SchedulerKit

extension TemplateCommand {
    /// `cmsched template delete NAME|ID [--force]`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a coSpaceTemplate (refused while scheduled meetings use it, unless --force).",
            discussion: """
                Spaces already made from it stay; users lose it from their template list. Exit 65 when meetings use it.

                Examples:
                  cmsched template delete Board
                  cmsched template delete Board --force
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Template name or id.") var template: String
        @Flag(help: "Delete it even while scheduled meetings use it.") var force = false

        func run() async throws {
            let deleted = try await global.scheduler().deleteTemplate(template, force: force)
            if !global.quiet { Console.error("deleted template \(deleted.name ?? deleted.id) (\(deleted.id))") }
        }
    }
}
