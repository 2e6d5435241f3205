import ArgumentParser
import SchedulerKit

extension TemplateCommand {
    /// `cmsched template create`: what the admin does in Cisco's scheduler walkthrough.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a coSpaceTemplate and its access method templates.",
            discussion: """
                Example (Cisco's walkthrough): --name CoSpaceTemp-Scheduler --description 'CST-External/Internal Access' \
                --access-method 'ExternalAccessMeth:$.guest::unique-callid' --access-method 'InternalAccessMeth:$.host'. \
                A uriGenerator holds only a-z A-Z 0-9 . - _ $ and exactly one $ (replaced by the space's URI). \
                --default-access-method NAME makes that access method the organizer's (defaultAccessMethodTemplate); \
                without it, organizers join by the space's own URI and call ID, never by a guest access method by accident. \
                Re-running with the same settings changes nothing; a template of that name with other settings is refused.

                Examples:
                  cmsched template create --name CoSpaceTemp-Scheduler --access-method 'ExternalAccessMeth:$.guest:guest:unique-callid' --access-method 'InternalAccessMeth:$.host' --default-access-method InternalAccessMeth
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: "Template name.") var name: String
        @Option(help: "Description.") var description: String?
        @Option(help: ArgumentHelp("Call profile id.", valueName: "id")) var callProfile: String?
        @Option(help: ArgumentHelp("Call leg profile id.", valueName: "id")) var callLegProfile: String?
        @Option(help: ArgumentHelp("NAME:URIGEN[:CALLLEGPROFILE][:unique-callid]; repeat the flag.", valueName: "spec"))
        var accessMethod: [String] = []
        @Option(help: ArgumentHelp("The access method organizers join by (one of --access-method's names); without it, the space's own URI.", valueName: "name"))
        var defaultAccessMethod: String?

        func run() async throws {
            let spec = try TemplateSpec(
                name: name, description: description, callProfile: callProfile, callLegProfile: callLegProfile,
                accessMethods: try accessMethod.map(TemplateSpec.accessMethod), defaultAccessMethod: defaultAccessMethod)
            let (view, created) = try await global.scheduler().createTemplate(spec)
            if !global.quiet { Console.error(created ? "created template \(view.id)" : "template \(view.id) already exists") }
            try global.report(TemplateCommand.render([view], format: output.format, single: true))
        }
    }
}
