import ArgumentParser
import SchedulerKit

/// `cmsched template assign --user JID --template NAME|ID`.
struct TemplateAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Let a user schedule with a template (assigning twice is not an error).")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The user's JID.", valueName: "jid")) var user: String
    @Option(help: ArgumentHelp("Template name or id.", valueName: "name|id")) var template: String

    func run() async throws {
        let context = try global.context()
        let assigned = try await TemplateAdmin(client: context.callBridge()).assign(user: user, template: template)
        if !global.quiet { Console.error(assigned ? "assigned \(template) to \(user)" : "\(template) was already assigned to \(user)") }
    }
}
