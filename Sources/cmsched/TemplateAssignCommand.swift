import ArgumentParser
import SchedulerKit

/// `cmsched template assign --user JID --template NAME|ID`.
struct TemplateAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Let a user schedule with a template (assigning twice is not an error).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var assignment: TemplateAssignmentOptions

    func run() async throws {
        let context = try global.context()
        let assigned = try await TemplateAdmin(client: context.callBridge()).assign(user: assignment.user, template: assignment.template)
        if !global.quiet { Console.error(assigned ? "assigned \(assignment.template) to \(assignment.user)" : "\(assignment.template) was already assigned to \(assignment.user)") }
    }
}
