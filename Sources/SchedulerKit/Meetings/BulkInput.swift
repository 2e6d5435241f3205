import Foundation

/// One row of bulk input: its line, and its fields or why they could not be read.
public struct BulkRow: Sendable {
    public var line: Int
    public var fields: Result<MeetingFields, CmschedError>

    /// The idempotency key: the row's `key`, else a digest of the row's own content (so a
    /// re-run of the same file, even with other rows edited, finds what this row created).
    public var key: String? {
        guard case .success(let fields) = fields else { return nil }
        return Self.key(of: fields)
    }

    /// The `key` of a row of these fields.
    static func key(of fields: MeetingFields) -> String {
        if let key = fields.key { return key }
        let data = (try? JSONEncoder.sorted.encode(fields)) ?? Data()
        return "row-" + String(FNV1a.hash(data), radix: 16)
    }
}

/// The rows of bulk input, read one at a time as a run reaches them (the input is spooled to a
/// temporary file and read back in pieces: neither its text nor its parsed rows are held);
/// `count` is known up front, from a first pass that also checks the CSV's quoting.
public struct BulkRows: Sequence, Sendable {
    /// How many rows (blank lines left out).
    public let count: Int
    fileprivate let source: String
    fileprivate let defaults: MeetingFields
    fileprivate let badLines: Set<Int>
    fileprivate let input: SpooledInput
    fileprivate let format: Format

    fileprivate enum Format: Sendable {
        case csv(columns: [String])
        case jsonLines
    }

    public func makeIterator() -> AnyIterator<BulkRow> {
        var stopped = false
        switch format {
        case .csv(let columns):
            var reader = CSVReader(input.bytes(), source: source)
            var headerRead = false
            return AnyIterator { [self] in
                guard !stopped else { return nil }
                do {
                    // The header was checked when the input was opened, and the first pass read
                    // every record of these same bytes without an error: only reading can fail.
                    if !headerRead {
                        _ = try reader.next()
                        headerRead = true
                    }
                    guard let record = try reader.next() else { return nil }
                    return row(record, columns: columns)
                } catch {
                    stopped = true
                    return unreadable(reader.line, error)
                }
            }
        case .jsonLines:
            var lines = JSONLines(input.bytes())
            return AnyIterator { [self] in
                guard !stopped else { return nil }
                do {
                    guard let (line, text) = try lines.next() else { return nil }
                    return row(json: text, line: line)
                } catch {
                    stopped = true
                    return unreadable(lines.line, error)
                }
            }
        }
    }

    private func failed(_ line: Int, _ why: String) -> BulkRow {
        BulkRow(line: line, fields: .failure(.badInput("\(source):\(line): \(why)")))
    }

    /// The row where reading the spooled input failed; the run stops there.
    private func unreadable(_ line: Int, _ error: any Error) -> BulkRow {
        BulkRow(line: line, fields: .failure(.ioError("\(source):\(line): \(CmschedError.wrapping(error)?.message ?? "\(error)")")))
    }

    private func row(_ record: CSVRecord, columns: [String]) -> BulkRow {
        if let bad = badLines.first(where: { (record.line...record.lastLine).contains($0) }) {
            return failed(record.line, "not UTF-8 text" + (bad == record.line ? "" : " (line \(bad))"))
        }
        guard record.fields.count == columns.count else {
            return failed(record.line, "\(record.fields.count) fields, the header has \(columns.count)")
        }
        do {
            return BulkRow(line: record.line, fields: .success(try MeetingFields(header: columns, values: record.fields).filled(from: defaults)))
        } catch {
            return failed(record.line, CmschedError.wrapping(error)?.message ?? "\(error)")
        }
    }

    private func row(json: String, line: Int) -> BulkRow {
        guard !badLines.contains(line) else { return failed(line, "not UTF-8 text") }
        do {
            let fields = try JSONDecoder().decode(MeetingFields.self, from: Data(json.utf8))
            return BulkRow(line: line, fields: .success(fields.filled(from: defaults)))
        } catch let error as CmschedError {
            return failed(line, error.message)
        } catch {
            return failed(line, "not a JSON object")
        }
    }
}

/// The lines of JSON-lines input that are not blank, trimmed, with their numbers. Lines end at
/// LF alone ("\r\n" is then trimmed with the rest of the white space).
private struct JSONLines<Bytes: ByteStream> {
    private var bytes: Bytes
    private(set) var line = 0

    init(_ bytes: Bytes) { self.bytes = bytes }

    var input: Bytes { bytes }

    mutating func next() throws -> (line: Int, text: String)? {
        var current: [UInt8] = []
        var more = true
        while more {
            current.removeAll(keepingCapacity: true)
            more = false
            while let byte = try bytes.next() {
                more = true
                if byte == 0x0A { break }
                current.append(byte)
            }
            guard more else { return nil }
            line += 1
            let text = String(decoding: current, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return (line, text) }
        }
        return nil
    }
}

/// Reads `meeting create` bulk input: CSV with a header, or JSON lines, with the same field names;
/// LF or CRLF line ends, an optional BOM. A line that is not UTF-8 fails its own row only.
public enum BulkInput {
    /// Opens the input read from `descriptor` (a file, or standard input) to its end; `name`
    /// names it in errors about reading, `source` in errors about its content.
    public static func rows(reading descriptor: Int32, name: String, source: String, defaults: MeetingFields) throws -> BulkRows {
        let input = try SpooledInput(name: name) { try DescriptorIO.read(descriptor, into: $0, name: name) }
        return try rows(input, source: source, defaults: defaults)
    }

    /// Opens input already in memory (as `rows(reading:)` does a file's).
    public static func rows(_ data: Data, source: String, defaults: MeetingFields) throws -> BulkRows {
        var rest = data[...]
        let input = try SpooledInput(name: source) { buffer in
            let count = min(buffer.count, rest.count)
            rest.prefix(count).copyBytes(to: buffer)
            rest = rest.dropFirst(count)
            return count
        }
        return try rows(input, source: source, defaults: defaults)
    }

    /// The first pass: a malformed CSV (unbalanced quote) or header fails as a whole, here, before
    /// any row is used; it counts the rows and notes the lines that are not UTF-8 (invalid bytes
    /// become U+FFFD; line breaks stay where they were, so line numbers hold).
    private static func rows(_ input: SpooledInput, source: String, defaults: MeetingFields) throws -> BulkRows {
        var leading = input.bytes()
        var first: UInt8?
        while first == nil, let byte = try leading.next() {
            if ![0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(byte) { first = byte }
        }
        if first == UInt8(ascii: "{") {
            var lines = JSONLines(UTF8LineCheck(input.bytes()))
            var count = 0
            while try lines.next() != nil { count += 1 }
            return BulkRows(count: count, source: source, defaults: defaults, badLines: lines.input.badLines, input: input, format: .jsonLines)
        }
        var reader = CSVReader(UTF8LineCheck(input.bytes()), source: source)
        guard let header = try reader.next() else {
            return BulkRows(count: 0, source: source, defaults: defaults, badLines: [], input: input, format: .csv(columns: []))
        }
        if let bad = reader.input.badLines.first(where: { (header.line...header.lastLine).contains($0) }) {
            throw CmschedError.badInput("\(source):\(bad): the header is not UTF-8 text")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for column in columns {
            guard MeetingFields.columns.contains(column) else {
                throw CmschedError.badInput(
                    "\(source):\(header.line): unknown column '\(column)' (expected \(MeetingFields.columns.joined(separator: ",")))")
            }
            guard seen.insert(column).inserted else {
                throw CmschedError.badInput("\(source):\(header.line): column '\(column)' appears twice in the header")
            }
        }
        var count = 0
        while try reader.next() != nil { count += 1 }
        return BulkRows(
            count: count, source: source, defaults: defaults, badLines: reader.input.badLines, input: input, format: .csv(columns: columns))
    }
}

/// FNV-1a, 64 bits: a stable, non-cryptographic digest for idempotency keys.
enum FNV1a {
    static func hash(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for stable digests.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
