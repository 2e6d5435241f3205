import ArgumentParser
import SchedulerKit

/// `--format` for commands that print a report or a list: table, json or csv.
struct FormatOptions: ParsableArguments {
    enum Choice: String, CaseIterable, ExpressibleByArgument {
        case table, json, csv
    }

    @Option(name: .customLong("format"), help: "Output format: table (for people), json or csv (for scripts).")
    var choice: Choice = .table

    var format: OutputFormat { OutputFormat(rawValue: choice.rawValue)! }
}

/// `--format` for commands that print meetings: table, json, csv or ics (iCalendar).
struct MeetingFormatOptions: ParsableArguments {
    enum Choice: String, CaseIterable, ExpressibleByArgument {
        case table, json, csv, ics
    }

    @Option(name: .customLong("format"), help: "Output format: table (for people), json or csv (for scripts), ics (iCalendar).")
    var choice: Choice = .table

    var format: OutputFormat { OutputFormat(rawValue: choice.rawValue)! }
}
