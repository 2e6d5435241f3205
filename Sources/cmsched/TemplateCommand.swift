import ArgumentParser
import SchedulerKit

/// `cmsched template`: coSpaceTemplates, access method templates and their assignment to users.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Manage coSpaceTemplates (the spaces scheduled meetings are made from).",
        subcommands: [
            TemplateListCommand.self, TemplateShowCommand.self, TemplateCreateCommand.self, TemplateAssignCommand.self,
            TemplateUnassignCommand.self,
        ]
    )
}

/// How templates are printed.
enum TemplateOutput {
    static let header = ["id", "name", "description", "access methods"]

    static func render(_ templates: [TemplateView], format: OutputFormat) throws -> String {
        let rows = templates.map { template in
            [template.id, template.name ?? "", template.description ?? "",
             template.accessMethods.map { method in
                 "\(method.name ?? method.id) (\(method.uriGenerator ?? "")\(method.generateUniqueCallId ? ", unique call ID" : ""))"
             }.joined(separator: "; ")]
        }
        return try Render.rows(format, header: header, rows: rows, json: templates)
    }
}

/// `--user JID --template NAME|ID`, shared by assign and unassign.
struct TemplateAssignmentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The user's JID.", valueName: "jid")) var user: String
    @Option(help: ArgumentHelp("Template name or id.", valueName: "name|id")) var template: String
}
