import Foundation

/// One row of bulk input: its line, and its fields or why they could not be read.
public struct BulkRow: Sendable {
    public var line: Int
    public var fields: Result<MeetingFields, CmschedError>

    /// The idempotency key: the row's `key`, else a digest of the row's own content (so a
    /// re-run of the same file, even with other rows edited, finds what this row created).
    public var key: String? {
        guard case .success(let fields) = fields else { return nil }
        if let key = fields.key { return key }
        let data = (try? JSONEncoder.sorted.encode(fields)) ?? Data()
        return "row-" + String(FNV1a.hash(data), radix: 16)
    }
}

/// The rows of bulk input, read one at a time as a run reaches them (a large input is never held
/// as parsed rows); `count` is known up front, from a first pass that also checks the CSV's quoting.
public struct BulkRows: Sequence, Sendable {
    /// How many rows (blank lines left out).
    public let count: Int
    fileprivate let source: String
    fileprivate let defaults: MeetingFields
    fileprivate let badLines: Set<Int>
    fileprivate let format: Format

    fileprivate enum Format: Sendable {
        case csv(text: String, columns: [String])
        case jsonLines(text: String)
    }

    public func makeIterator() -> AnyIterator<BulkRow> {
        switch format {
        case .csv(let text, let columns):
            var reader = CSVReader(text, source: source)
            _ = try? reader.next()  // the header, checked when the input was opened
            return AnyIterator { [self] in
                // The first pass read every record without an error, so none is thrown here.
                guard let record = try? reader.next() else { return nil }
                return row(record, columns: columns)
            }
        case .jsonLines(let text):
            // Split on LF alone: "\r\n" is one Character in Swift, so work on scalars.
            var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated().makeIterator()
            return AnyIterator { [self] in
                while let (index, scalars) = lines.next() {
                    let trimmed = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespacesAndNewlines)
                    if !trimmed.isEmpty { return row(json: trimmed, line: index + 1) }
                }
                return nil
            }
        }
    }

    private func failed(_ line: Int, _ why: String) -> BulkRow {
        BulkRow(line: line, fields: .failure(.badInput("\(source):\(line): \(why)")))
    }

    private func row(_ record: CSVReader.Record, columns: [String]) -> BulkRow {
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

/// Reads `meeting create` bulk input: CSV with a header, or JSON lines, with the same field names;
/// LF or CRLF line ends, an optional BOM. A line that is not UTF-8 fails its own row only.
public enum BulkInput {
    /// Opens the input: a malformed CSV (unbalanced quote) or header fails as a whole, here,
    /// before any row is used; each row is read when the run reaches it.
    public static func rows(_ data: Data, source: String, defaults: MeetingFields) throws -> BulkRows {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let badLines = invalidUTF8Lines(bytes)
        // Invalid bytes become U+FFFD; line breaks stay where they were, so line numbers hold.
        let text = String(decoding: bytes, as: UTF8.self)
        if text.drop(while: \.isWhitespace).first == "{" {
            let count = text.unicodeScalars.split(separator: "\n").count {
                !String(String.UnicodeScalarView($0)).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
            return BulkRows(count: count, source: source, defaults: defaults, badLines: badLines, format: .jsonLines(text: text))
        }
        var reader = CSVReader(text, source: source)
        guard let header = try reader.next() else {
            return BulkRows(count: 0, source: source, defaults: defaults, badLines: badLines, format: .csv(text: text, columns: []))
        }
        if let bad = badLines.first(where: { (header.line...header.lastLine).contains($0) }) {
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
        return BulkRows(count: count, source: source, defaults: defaults, badLines: badLines, format: .csv(text: text, columns: columns))
    }

    /// The 1-based numbers of the lines whose bytes are not valid UTF-8.
    static func invalidUTF8Lines(_ bytes: Data.SubSequence) -> Set<Int> {
        var bad = Set<Int>()
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            bad.insert(index + 1)
        }
        return bad
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
