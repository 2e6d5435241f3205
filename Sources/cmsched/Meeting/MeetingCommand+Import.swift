import ArgumentParser
import Foundation
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting import FILE.ics|-`: bookings made elsewhere.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Turn the events of an iCalendar file (Outlook/Exchange, TMS, another calendar) into meetings.",
            discussion: """
                Each VEVENT becomes a meeting (RRULE, EXDATE and VTIMEZONE kept; a RECURRENCE-ID override becomes \
                an EXDATE of its series, and a moved one a one-off meeting of its own) in a temporary space from \
                --template, or in the existing --space. The organizer (a Call Bridge user, by JID or email) and \
                the attendees come from the file; --role EMAIL=ROLE gives an attendee a role, else the space's \
                default role. Events keep their UID and SEQUENCE, and are idempotent by UID: a re-import updates \
                a meeting whose SEQUENCE grew and skips the rest. Per-event report and exit codes as bulk create.

                Examples:
                  cmsched meeting import exchange-export.ics --template CoSpaceTemp-Scheduler --role gogi@s.com=ExternalAccessMeth
                  cmsched meeting export --all | cmsched meeting import - --template CoSpaceTemp-Scheduler --dry-run
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: ArgumentHelp("The iCalendar file, or - for stdin.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("New temporary spaces from this coSpaceTemplate.", valueName: "name|id")) var template: String?
        @Option(help: ArgumentHelp("Book this existing space.", valueName: "id|uri")) var space: String?
        @Option(help: ArgumentHelp("An attendee's role, EMAIL=ROLE; repeat the flag.", valueName: "email=role")) var role: [String] = []
        @Option(help: ArgumentHelp("Organizer for events without an ORGANIZER.", valueName: "jid")) var organizer: String?
        @Option(help: ArgumentHelp("The organizer's role.", valueName: "role")) var organizerRole: String?
        @Option(help: ArgumentHelp("Zone of floating times (default: the machine's).", valueName: "zone")) var tz: String?
        @Flag(help: "Check and print the plan; change nothing.") var dryRun = false
        @Flag(name: [.customLong("any-template"), .customLong("any-space")], help: "Admin override, as for meeting create.")
        var anyTemplate = false

        func validate() throws {
            for item in role where !item.contains("=") { throw ValidationError("--role '\(item)': expected EMAIL=ROLE") }
        }

        func run() async throws {
            var defaults = MeetingFields()
            (defaults.template, defaults.space, defaults.organizer, defaults.organizerRole) = (template, space, organizer, organizerRole)
            let roles = Dictionary(role.map { item in
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0].lowercased(), parts[1])
            }, uniquingKeysWith: { _, last in last })
            var printer = try MeetingOutput.bulkPrinter(format: output.format, global: global)
            let scheduler = try global.scheduler()
            let result = try await scheduler.importMeetings(
                ics: try InputFile.read(file), source: file == "-" ? "stdin" : file, defaults: defaults, roles: roles,
                defaultZone: tz.flatMap(TimeZone.init(identifier:)) ?? scheduler.environment.typed.meetings.timeZone, dryRun: dryRun, adminOverride: anyTemplate
            ) { printer.print($0) }
            result.warnings.forEach(Console.warning)
            try printer.finish()
            if let failure = result.failure { throw failure }
        }
    }
}
