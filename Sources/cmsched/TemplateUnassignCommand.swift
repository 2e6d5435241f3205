import ArgumentParser
import SchedulerKit

/// `cmsched template unassign --user JID --template NAME|ID`.
struct TemplateUnassignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign", abstract: "Take a template away from a user (not assigned is not an error).")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The user's JID.", valueName: "jid")) var user: String
    @Option(help: ArgumentHelp("Template name or id.", valueName: "name|id")) var template: String

    func run() async throws {
        let context = try global.context()
        let removed = try await TemplateAdmin(client: context.callBridge()).unassign(user: user, template: template)
        if !global.quiet { Console.error(removed ? "unassigned \(template) from \(user)" : "\(template) was not assigned to \(user)") }
    }
}
