import ArgumentParser
import SchedulerKit

extension TemplateCommand {
    /// `cmsched template assign --user JID --template NAME|ID`.
    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Let a user schedule with a template (assigning twice is not an error).",
            discussion: """
                Examples:
                  cmsched template assign --user saiacano@s.com --template CoSpaceTemp-Scheduler
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var assignment: TemplateAssignmentOptions

        func run() async throws {
            let assigned = try await global.scheduler().assignTemplate(user: assignment.user, template: assignment.template)
            guard !global.quiet else { return }
            Console.error(assigned
                ? "assigned \(assignment.template) to \(assignment.user)"
                : "\(assignment.template) was already assigned to \(assignment.user)")
        }
    }
}
