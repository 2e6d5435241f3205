import ArgumentParser
import SchedulerKit

/// `cmsched template unassign --user JID --template NAME|ID`.
struct TemplateUnassignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign", abstract: "Take a template away from a user (not assigned is not an error).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var assignment: TemplateAssignmentOptions

    func run() async throws {
        let context = try global.context()
        let removed = try await TemplateAdmin(client: context.callBridge()).unassign(user: assignment.user, template: assignment.template)
        if !global.quiet { Console.error(removed ? "unassigned \(assignment.template) from \(assignment.user)" : "\(assignment.template) was not assigned to \(assignment.user)") }
    }
}
