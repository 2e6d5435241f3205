import ArgumentParser
import SchedulerKit

/// `cmsched template show NAME|ID`.
struct TemplateShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one coSpaceTemplate with its access method templates.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Template name or id.") var template: String

    func run() async throws {
        let context = try global.context()
        let view = try await TemplateAdmin(client: context.callBridge()).show(template)
        if global.format == .json {
            try Console.out(try Render.json(view))
        } else {
            try Console.out(try TemplateOutput.render([view], format: global.format))
        }
    }
}
