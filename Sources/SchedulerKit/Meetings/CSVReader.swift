import Foundation

/// A strict RFC 4180 reader: CRLF or LF, a leading BOM, quoted fields with `""` escapes and line
/// breaks. Unlike lenient readers it reports an unbalanced quote or a stray quote with its line.
public enum CSVReader {
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

    /// Splits `text` into records; blank lines are skipped. `source` names the input in errors.
    public static func records(_ text: String, source: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !quotedField) {
                records.append(Record(line: recordLine, fields: fields, lastLine: line))
            }
            fields = []
            field = ""
            quotedField = false
        }

        while index < characters.count {
            let c = characters[index]
            index += 1
            if inQuotes {
                if c == "\"" {
                    if index < characters.count && characters[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
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
            case "\r":
                if index < characters.count && characters[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
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
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }
}
