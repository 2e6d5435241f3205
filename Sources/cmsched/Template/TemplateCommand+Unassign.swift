import ArgumentParser
import SchedulerKit

extension TemplateCommand {
    /// `cmsched template unassign --user JID --template NAME|ID`.
    struct Unassign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unassign",
            abstract: "Take a template away from a user (not assigned is not an error).",
            discussion: """
                Examples:
                  cmsched template unassign --user gogi@s.com --template CoSpaceTemp-Scheduler
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var assignment: TemplateAssignmentOptions

        func run() async throws {
            let removed = try await global.scheduler().unassignTemplate(user: assignment.user, template: assignment.template)
            guard !global.quiet else { return }
            Console.error(removed
                ? "unassigned \(assignment.template) from \(assignment.user)"
                : "\(assignment.template) was not assigned to \(assignment.user)")
        }
    }
}
