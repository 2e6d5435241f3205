import ArgumentParser
import SchedulerKit

/// `cmsched template`: coSpaceTemplates, access method templates and their assignment to users.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Manage coSpaceTemplates (the spaces scheduled meetings are made from).",
        subcommands: [List.self, Show.self, Create.self, Delete.self, Assign.self, Unassign.self]
    )

    static let header = ["id", "name", "description", "access methods"]

    /// Templates as a table or CSV, or as JSON (one object when `single`).
    static func render(_ templates: [TemplateView], format: OutputFormat, single: Bool = false) throws -> String {
        if single && format == .json { return try Render.json(templates[0]) }
        let rows = templates.map { template in
            [template.id, template.name ?? "", template.description ?? "",
             template.accessMethods.map { method in
                 let isDefault = template.defaultAccessMethod != nil && template.defaultAccessMethod == (method.name ?? method.id)
                 return "\(method.name ?? method.id) (\(method.uriGenerator ?? "")\(method.generateUniqueCallId ? ", unique call ID" : "")\(isDefault ? ", organizer's default" : ""))"
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
