import Foundation

/// How a command renders its result on stdout: `table` for people, `json` and `csv` for scripts.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table
    case json
    case csv
    /// iCalendar, for the meeting commands that list meetings.
    case ics
}

/// Renders rows as an aligned text table or as RFC 4180 CSV, and values as stable JSON.
public enum Render {
    /// Columns padded to their widest cell, two spaces apart, header first.
    public static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var text = ""
        func line(_ cells: [String]) {
            var line = ""
            for (index, cell) in cells.enumerated() {
                if index > 0 { line += "  " }
                line += cell
                // Padded by characters, as the widths were measured (not by UTF-16 units, which
                // would cut a cell holding characters outside the BMP).
                if index < cells.count - 1, index < widths.count {
                    line += String(repeating: " ", count: max(0, widths[index] - cell.count))
                }
            }
            while line.last?.isWhitespace == true { line.removeLast() }
            text += line + "\n"
        }
        line(header.map { $0.uppercased() })
        rows.forEach(line)
        return text
    }

    /// CSV with a header line; cells with commas, quotes or line breaks are quoted.
    public static func csv(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(csvLine).joined()
    }

    /// One CSV line, CRLF-ended.
    public static func csvLine(_ cells: [String]) -> String {
        func cell(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// Rows as a table or CSV, or the value as JSON; `ics` is refused (the caller handles it if it can).
    public static func rows<T: Encodable>(
        _ format: OutputFormat, header: [String], rows: @autoclosure () -> [[String]], json value: T
    ) throws -> String {
        try render(format, header: header, rows: rows) { try json(value) }
    }

    /// As above, for the types lists print by the thousand (written without Codable).
    public static func rows<T: JSONObject>(
        _ format: OutputFormat, header: [String], rows: @autoclosure () -> [[String]], json values: [T]
    ) throws -> String {
        try render(format, header: header, rows: rows) { json(values) }
    }

    private static func render(
        _ format: OutputFormat, header: [String], rows: () -> [[String]], json: () throws -> String
    ) throws -> String {
        switch format {
        case .table: return table(header: header, rows: rows())
        case .csv: return csv(header: header, rows: rows())
        case .json: return try json()
        case .ics: throw icsRefused
        }
    }

    /// What `rows` says to the ics format.
    public static let icsRefused = CmschedError.usage("the ics format is only for meetings (listing, showing, exporting)")

    /// A value of a type that lists its fields, as `json` would print it, without Codable (chosen
    /// by the compiler for such types: no dynamic cast, whose first use scans every conformance).
    public static func json<T: JSONObject>(_ value: T) -> String {
        var text = JSONText()
        text.object(value)
        return text.string + "\n"
    }

    /// An array of such values, each element made only when it is written.
    public static func json<T: JSONObject>(_ values: [T]) -> String {
        var bytes: [UInt8] = []
        json(values) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same as UTF-8, handed to `write` in pieces as it is made (a long list is never held).
    public static func json<C: Collection>(_ values: C, write: ([UInt8]) throws -> Void) rethrows where C.Element: JSONObject {
        try JSONText.array(values, write: write) { $0.object($1) }
        try write([UInt8(ascii: "\n")])
    }

    /// `values` as JSON objects through `view`, each made only when it is written, a long list's
    /// second half on the other core (`JSONText.arrayOnTwoCores`).
    public static func json<T: Sendable, View: JSONObject & SendableMetatype>(
        _ values: [T], view: @escaping @Sendable (T) -> View, write: ([UInt8]) throws -> Void
    ) rethrows {
        try JSONText.arrayOnTwoCores(values, write: write) { $0.object(view($1)) }
        try write([UInt8(ascii: "\n")])
    }

    /// Pretty JSON with sorted keys, so output is stable from run to run.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
