import Foundation

/// Prints a bulk run's row reports as they arrive, in the format asked for. CSV and JSON go out
/// row by row, so a run of any size is never held in memory; a table, whose columns fit their
/// widest cell, keeps only each row's cells until the end. The output is the same as rendering
/// all the reports at once.
public struct BulkReportPrinter {
    public static let header = ["line", "status", "key", "id", "name", "error"]

    private let format: OutputFormat
    private let out: ((String) throws -> Void)?
    private let errors: (String) -> Void
    private var printed = 0
    private var array = JSONArrayText()
    private var tableRows: [[String]] = []
    private var writeFailure: (any Error)?

    /// `out` writes to stdout (nil when the report is not wanted, `--quiet`); `errors` gets each
    /// failed row's message when the format is not a table (a table shows them in a column).
    public init(format: OutputFormat, out: ((String) throws -> Void)?, errors: @escaping (String) -> Void) throws {
        guard format != .ics else { throw Render.icsRefused }
        self.format = format
        self.out = out
        self.errors = errors
    }

    public static func cells(_ report: BulkRowReport) -> [String] {
        [String(report.line), report.status.rawValue, report.key ?? "", report.meeting?.id ?? "", report.meeting?.name ?? "", report.error ?? ""]
    }

    public mutating func print(_ report: BulkRowReport) {
        if format != .table, let error = report.error { errors(error) }
        guard out != nil else { return }
        defer { printed += 1 }
        switch format {
        case .table:
            tableRows.append(Self.cells(report))
        case .csv:
            write((printed == 0 ? Render.csvLine(Self.header) : "") + Render.csvLine(Self.cells(report)))
        case .json, .ics:  // ics is refused by init
            var element = ""
            array.append(report.json, to: &element)
            write(element)
        }
    }

    /// Writes what is still to come (the table, the end of the JSON array); throws when any write failed.
    public mutating func finish() throws {
        if out != nil {
            switch format {
            case .table: write(Render.table(header: Self.header, rows: tableRows))
            case .csv: if printed == 0 { write(Render.csv(header: Self.header, rows: [])) }
            case .json, .ics: write(array.end + "\n")
            }
        }
        if let writeFailure { throw writeFailure }
    }

    private mutating func write(_ text: String) {
        guard writeFailure == nil, let out else { return }
        do { try out(text) } catch { writeFailure = error }
    }
}
