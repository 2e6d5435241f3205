import ArgumentParser
import Foundation
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting create`: one meeting from flags, or many from `--input`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Schedule a meeting (flags) or many (--input CSV or JSON lines).",
            discussion: """
                A new temporary space is made from --template (NAME or ID), with one access method per access \
                method template; or an existing space is booked with --space (ID or URI). Roles are access methods \
                by name or id (for an existing space also `space`, the default).

                Bulk input columns (CSV header or JSON fields): key, name, start, end, duration, tz, repeat, \
                interval, count, until, rrule, template, space, organizer, organizer_role, attendees \
                (email=role;email=role). Empty fields take the flag values. Each row is idempotent by its key \
                (or, without one, by its content): re-running the same input creates nothing twice, and a \
                stopped run resumes. The input (a file, or - for standard input) is copied to a private \
                temporary file in $TMPDIR, removed at once, and checked whole before any row is used; rows \
                are then read back and reported as the run reaches them (CSV and JSON reports stream, in \
                input order), so memory stays flat however long the input. Exit 0 when every row was created \
                or already existed, 3 when some failed; \
                when none could be created, the worst kind of failure among the rows (65 bad rows, 77 \
                credentials, 69 Call Bridge unreachable, 74 disk, ...).

                As in the web app, an organizer may use only the templates assigned to them and book only \
                spaces they are a member of (else exit 77); --any-template (alias --any-space) is the admin \
                override.

                Examples:
                  cmsched meeting create --name Test-XRP --organizer saiacano@s.com --template CoSpaceTemp-Scheduler --start 2026-12-01T09:00 --duration 1h --tz Europe/Berlin --attendee gogi@s.com=ExternalAccessMeth --key xrp
                  cmsched meeting create --input meetings.csv --format json
                  cmsched meeting create --input - --tz Europe/Berlin --dry-run < export.jsonl
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: MeetingFormatOptions
        @OptionGroup var meeting: MeetingFieldOptions
        @Option(help: ArgumentHelp("New temporary space from this coSpaceTemplate.", valueName: "name|id")) var template: String?
        @Option(help: ArgumentHelp("Book this existing space.", valueName: "id|uri")) var space: String?
        @Option(help: ArgumentHelp("Idempotency key: a second create with the same key does nothing.", valueName: "key")) var key: String?
        @Option(help: ArgumentHelp("Read meetings from a CSV or JSON-lines file (- for stdin).", valueName: "file")) var input: String?
        @Flag(help: "Check and print the plan; change nothing.") var dryRun = false
        @Flag(
            name: [.customLong("any-template"), .customLong("any-space")],
            help: "Admin override: book with a template not assigned to the organizer, or a space they are not a member of (recorded on the meeting).")
        var anyTemplate = false

        /// The flags as the meeting's fields (for bulk input: the defaults of empty columns).
        var fields: MeetingFields {
            var fields = meeting.fields
            fields.template = template
            fields.space = space
            fields.key = input == nil ? key : nil
            return fields
        }

        func run() async throws {
            let environment = try global.environment()
            if let input { return try await createMany(from: input, environment: environment) }
            let created = try await MeetingFieldOptions.namingFlags {
                try await Scheduler(environment).createMeeting(
                    fields, defaultZone: environment.typed.meetings.timeZone, dryRun: dryRun, adminOverride: anyTemplate)
            }
            created.warnings.forEach(Console.warning)
            let heading = output.format == .table ? "\(MeetingOutput.verb(created.outcome)) meeting \(created.meeting.id)\n\n" : ""
            try global.report(heading + MeetingOutput.meeting(created.meeting, format: output.format, environment: environment))
        }

        private func createMany(from input: String, environment: Environment) async throws {
            let showProgress = isatty(STDERR_FILENO) == 1 && !global.quiet
            var printer = try MeetingOutput.bulkPrinter(format: output.format, global: global)
            let result = try await Scheduler(environment).createMeetings(
                try InputFile.bulkRows(input, defaults: fields), defaultZone: environment.typed.meetings.timeZone,
                dryRun: dryRun, adminOverride: anyTemplate,
                progress: { done, total in if showProgress { Console.progress("meetings: \(done)/\(total)") } },
                emit: { report in
                    if showProgress { Console.progress(nil) }
                    printer.print(report)
                })
            if showProgress { Console.progress(nil) }
            result.warnings.forEach(Console.warning)
            try printer.finish()
            if let failure = result.failure { throw failure }
        }
    }
}
