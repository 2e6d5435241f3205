import Foundation

/// One CSV record and the line it starts on (1-based).
struct CSVRecord: Sendable, Equatable {
    let line: Int
    let fields: [String]
    /// The line the record ends on (a quoted field may hold line breaks).
    var lastLine: Int = 0

    init(line: Int, fields: [String], lastLine: Int? = nil) {
        self.line = line
        self.fields = fields
        self.lastLine = lastLine ?? line
    }
}

/// A strict RFC 4180 reader: CRLF or LF, quoted fields with `""` escapes and line breaks. Unlike
/// lenient readers it reports an unbalanced quote or a stray quote with its line. It reads bytes
/// (the quotes, commas and line ends of UTF-8 text are single bytes) one record at a time, so a
/// large input is never held whole; bytes that are not UTF-8 become U+FFFD.
struct CSVReader<Bytes: ByteStream> {
    private var bytes: Bytes
    private let source: String
    private var pending: UInt8?
    /// The line the reader is on.
    private(set) var line = 1

    /// A reader of `bytes`; `source` names the input in errors.
    init(_ bytes: Bytes, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The input it reads from, as far as it has read.
    var input: Bytes { bytes }

    /// The next record (blank lines skipped), or nil at the end of the input.
    mutating func next() throws -> CSVRecord? {
        while try peek() != nil {
            if let record = try readLine() { return record }
        }
        return nil
    }

    private mutating func take() throws -> UInt8? {
        if let byte = pending {
            pending = nil
            return byte
        }
        return try bytes.next()
    }

    private mutating func peek() throws -> UInt8? {
        if pending == nil { pending = try bytes.next() }
        return pending
    }

    /// Reads up to the end of the record that starts here: nil for a blank line.
    private mutating func readLine() throws -> CSVRecord? {
        let (quote, comma, cr, lf) = (UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        var fields: [String] = []
        var field: [UInt8] = []
        let recordLine = line
        var inQuotes = false
        var quotedField = false

        func finish() -> CSVRecord? {
            fields.append(String(decoding: field, as: UTF8.self))
            guard !(fields.count == 1 && fields[0].isEmpty && !quotedField) else { return nil }
            return CSVRecord(line: recordLine, fields: fields, lastLine: line)
        }

        while let c = try take() {
            if inQuotes {
                if c == quote {
                    if try peek() == quote {
                        field.append(quote)
                        pending = nil
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case comma:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                quotedField = false
            case cr, lf:
                if c == cr, try peek() == lf { pending = nil }
                defer { line += 1 }
                return finish()
            case quote:
                guard field.isEmpty && !quotedField else {
                    throw CmschedError.badInput("\(source):\(line): stray quote inside an unquoted field")
                }
                inQuotes = true
                quotedField = true
            default:
                if quotedField {
                    throw CmschedError.badInput("\(source):\(line): text after a closing quote")
                }
                field.append(c)
            }
        }
        if inQuotes {
            throw CmschedError.badInput("\(source):\(recordLine): unbalanced quote (the field never ends)")
        }
        return !field.isEmpty || !fields.isEmpty || quotedField ? finish() : nil
    }
}
