import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting`: scheduled meetings.
struct MeetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "Schedule meetings on the Call Bridge and manage them.",
        subcommands: [Create.self, List.self, Show.self, Update.self, Delete.self, Export.self, Import.self]
    )
}

/// How meetings and reports are printed (table, CSV, JSON, iCalendar).
enum MeetingOutput {
    /// One meeting in the chosen format (table: its fields and join details).
    static func meeting(_ meeting: Meeting, format: OutputFormat, environment: Environment) throws -> String {
        let view = environment.view(meeting)
        switch format {
        case .table: return MeetingText.describe(view)
        case .ics: return environment.calendarWriter.request([meeting], stamp: environment.now())
        case .json, .csv:
            return try Render.rows(format, header: MeetingText.seriesHeader, rows: [MeetingText.seriesRow(view)], json: view)
        }
    }

    /// Writes a list of series or of occurrences as UTF-8; JSON goes out in pieces as it is made,
    /// each meeting's view made only when it is written.
    static func list(
        _ list: MeetingList, format: OutputFormat, environment: Environment, shownIn zone: TimeZone? = nil,
        out: ([UInt8]) throws -> Void
    ) throws {
        func text(_ text: String) throws { try out(Array(text.utf8)) }
        if format == .ics { return try text(environment.calendarWriter.request(list.meetings, stamp: environment.now())) }
        guard let occurrences = list.occurrences else {
            let view = { @Sendable in environment.view($0, shownIn: zone) }
            if format == .json { return try Render.json(list.meetings, view: view, write: out) }
            let views = list.meetings.map(view)
            return try text(Render.rows(format, header: MeetingText.seriesHeader, rows: views.map(MeetingText.seriesRow), json: views))
        }
        let view = { @Sendable in OccurrenceView($0, shownIn: zone) }
        if format == .json { return try Render.json(occurrences, view: view, write: out) }
        let views = occurrences.map(view)
        try text(Render.rows(format, header: MeetingText.occurrenceHeader, rows: views.map(MeetingText.occurrenceRow), json: views))
    }

    /// Prints a bulk run's rows as they are done: the report on stdout (not with `--quiet`), and
    /// each failed row's message on stderr unless the format is a table (which has a column for it).
    static func bulkPrinter(format: OutputFormat, global: GlobalOptions) throws -> BulkReportPrinter {
        let out: ((String) throws -> Void)? = global.quiet ? nil : { try Console.out($0) }
        return try BulkReportPrinter(format: format, out: out, errors: { Console.error($0) })
    }

    /// The first line a table shows after a single create.
    static func verb(_ outcome: MeetingService.Outcome) -> String {
        switch outcome {
        case .created: "created"
        case .existing: "already exists:"
        case .resumed: "finished"
        case .planned: "would create"
        }
    }
}
