import ArgumentParser
import SchedulerKit

/// `cmsched template list [--user JID]`.
struct TemplateListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List coSpaceTemplates with their access method templates.")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only the templates assigned to this user.", valueName: "jid")) var user: String?

    func run() async throws {
        let context = try global.context()
        let templates = try await TemplateAdmin(client: context.callBridge()).list(user: user)
        try Console.out(try TemplateOutput.render(templates, format: global.format))
    }
}
