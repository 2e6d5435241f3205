import ArgumentParser
import SchedulerKit

extension ProfileCommand {
    /// `cmsched profile list`: every call profile and call leg profile, id and name.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the call profiles and call leg profiles with their ids and names.",
            discussion: """
                template create accepts a call leg profile by name where the Call Bridge gives one: \
                --access-method 'Guests:$.guest:guest:unique-callid'.

                Examples:
                  cmsched profile list
                  cmsched profile list --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let profiles = try await global.scheduler().profiles()
            let rows = profiles.map { [$0.kind, $0.id, $0.name ?? ""] }
            try Console.out(Render.rows(output.format, header: ["kind", "id", "name"], rows: rows, json: profiles))
        }
    }
}
