import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting create`: one meeting from flags, or many from `--input`.
struct MeetingCreateCommand: AsyncParsableCommand {
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
            stopped run resumes. Exit 0 when every row was created or already existed, 3 when some failed; \
            when none could be created, the worst kind of failure among the rows (65 bad rows, 77 \
            credentials, 69 Call Bridge unreachable, 74 disk, ...).

            As in the web app, an organizer may use only the templates assigned to them and book only \
            spaces they are a member of (else exit 77); --any-template (alias --any-space) is the admin \
            override.
            """
    )

    @OptionGroup var global: GlobalOptions
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

    func run() async throws {
        let context = try global.context()
        var defaults = meeting.fields
        defaults.template = template
        defaults.space = space
        let lock = dryRun ? nil : try LockFile(beside: context.databasePath, job: "meeting create")
        defer { lock?.release() }
        let store = try context.openStore()
        let service = try context.meetingService(store: store)
        if !dryRun {
            for (stuck, failure) in try await service.recoverInterrupted() {
                let outcome = failure.map { "could not be finished: \($0.message)" } ?? "was finished"
                Console.warning("meeting '\(stuck.name)' left half-made by an earlier run \(outcome)")
            }
        }
        if let input {
            try await createMany(from: input, defaults: defaults, context: context, service: service)
        } else {
            var fields = defaults
            fields.key = key
            try await createOne(fields, context: context, service: service)
        }
    }

    private func createOne(_ fields: MeetingFields, context: CommandContext, service: MeetingService) async throws {
        let draft = try fields.draft(defaultZone: .current)
        if draft.start.instant(in: draft.zone) < Date() {
            Console.warning("meeting '\(draft.name)' starts in the past (\(draft.start) \(draft.timeZone))")
        }
        let (created, outcome) = try await service.create(draft, dryRun: dryRun, adminOverride: anyTemplate)
        if global.format == .table {
            let verb = ["created": "created", "existing": "already exists:", "resumed": "finished", "planned": "would create"]
            try Console.out("\(verb[outcome.rawValue] ?? outcome.rawValue) meeting \(created.id)\n\n")
        }
        try Console.out(try context.render(created, format: global.format))
    }

    private func createMany(
        from input: String, defaults: MeetingFields, context: CommandContext, service: MeetingService
    ) async throws {
        let data = try InputFile.read(input)
        let rows = try BulkInput.rows(data, source: input == "-" ? "stdin" : input, defaults: defaults)
        let creator = BulkCreator(
            service: service, concurrency: Int(context.settings[.callBridgeConcurrency] ?? "4") ?? 4,
            defaultZone: .current, adminOverride: anyTemplate, view: { context.view($0) })
        let showProgress = isatty(STDERR_FILENO) == 1 && !global.quiet
        let reports = await creator.run(rows, dryRun: dryRun) { done, total in
            if showProgress { Console.progress("meetings: \(done)/\(total)") }
        }
        if showProgress { Console.progress(nil) }
        let header = ["line", "status", "key", "id", "name", "error"]
        let table = reports.map {
            [String($0.line), $0.status.rawValue, $0.key ?? "", $0.meeting?.id ?? "", $0.meeting?.name ?? "", $0.error ?? ""]
        }
        try Console.out(try Render.rows(global.format, header: header, rows: table, json: reports))
        for report in reports where report.status == .failed && global.format != .table {
            Console.error(report.error ?? "line \(report.line) failed")
        }
        if let outcome = BulkCreator.outcome(of: reports) { throw outcome }
    }
}
