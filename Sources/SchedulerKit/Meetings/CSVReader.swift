import Foundation

/// A strict RFC 4180 reader: CRLF or LF, a leading BOM, quoted fields with `""` escapes and line
/// breaks. Unlike lenient readers it reports an unbalanced quote or a stray quote with its line.
/// It reads one record at a time, so a large input is never held as records all at once.
public struct CSVReader {
    /// One record and the line it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
        /// The line the record ends on (a quoted field may hold line breaks).
        public var lastLine: Int = 0

        public init(line: Int, fields: [String], lastLine: Int? = nil) {
            self.line = line
            self.fields = fields
            self.lastLine = lastLine ?? line
        }
    }

    private let scalars: String.UnicodeScalarView
    private let source: String
    private var index: String.UnicodeScalarView.Index
    private var line = 1

    /// A reader of `text`; `source` names the input in errors.
    public init(_ text: String, source: String) {
        scalars = text.unicodeScalars
        self.source = source
        index = scalars.first == "\u{FEFF}" ? scalars.index(after: scalars.startIndex) : scalars.startIndex
    }

    /// Every record of `text`; blank lines are skipped.
    public static func records(_ text: String, source: String) throws -> [Record] {
        var reader = CSVReader(text, source: source)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// The next record (blank lines skipped), or nil at the end of the text.
    public mutating func next() throws -> Record? {
        while index < scalars.endIndex {
            if let record = try readLine() { return record }
        }
        return nil
    }

    /// Reads up to the end of the record that starts here: nil for a blank line.
    private mutating func readLine() throws -> Record? {
        var fields: [String] = []
        var field = ""
        let recordLine = line
        var inQuotes = false
        var quotedField = false

        func finish() -> Record? {
            fields.append(field)
            guard !(fields.count == 1 && fields[0].isEmpty && !quotedField) else { return nil }
            return Record(line: recordLine, fields: fields, lastLine: line)
        }

        while index < scalars.endIndex {
            let c = scalars[index]
            index = scalars.index(after: index)
            if inQuotes {
                if c == "\"" {
                    if index < scalars.endIndex && scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field)
                field = ""
                quotedField = false
            case "\r", "\n":
                if c == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
                defer { line += 1 }
                return finish()
            case "\"":
                guard field.isEmpty && !quotedField else {
                    throw CmschedError.badInput("\(source):\(line): stray quote inside an unquoted field")
                }
                inQuotes = true
                quotedField = true
            default:
                if quotedField {
                    throw CmschedError.badInput("\(source):\(line): text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            throw CmschedError.badInput("\(source):\(recordLine): unbalanced quote (the field never ends)")
        }
        return !field.isEmpty || !fields.isEmpty || quotedField ? finish() : nil
    }
}
