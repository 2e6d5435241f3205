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

/// Reads `meeting create` bulk input: CSV with a header, or JSON lines, with the same field names;
/// LF or CRLF line ends, an optional BOM. A line that is not UTF-8 fails its own row only.
public enum BulkInput {
    /// Splits the input into rows; a malformed CSV (unbalanced quote) or header fails as a whole.
    public static func rows(_ data: Data, source: String, defaults: MeetingFields) throws -> [BulkRow] {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let badLines = invalidUTF8Lines(bytes)
        // Invalid bytes become U+FFFD; line breaks stay where they were, so line numbers hold.
        let text = String(decoding: bytes, as: UTF8.self)
        if text.drop(while: \.isWhitespace).first == "{" {
            return jsonLines(text, source: source, defaults: defaults, badLines: badLines)
        }
        let records = try CSVReader.records(text, source: source)
        guard let header = records.first else { return [] }
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
        return records.dropFirst().map { record in
            func failed(_ why: String) -> BulkRow {
                BulkRow(line: record.line, fields: .failure(.badInput("\(source):\(record.line): \(why)")))
            }
            if let bad = badLines.first(where: { (record.line...record.lastLine).contains($0) }) {
                return failed("not UTF-8 text" + (bad == record.line ? "" : " (line \(bad))"))
            }
            guard record.fields.count == columns.count else {
                return failed("\(record.fields.count) fields, the header has \(columns.count)")
            }
            do {
                return BulkRow(line: record.line, fields: .success(try MeetingFields(header: columns, values: record.fields).filled(from: defaults)))
            } catch {
                return failed(CmschedError.wrapping(error)?.message ?? "\(error)")
            }
        }
    }

    private static func jsonLines(_ text: String, source: String, defaults: MeetingFields, badLines: Set<Int>) -> [BulkRow] {
        var rows: [BulkRow] = []
        // Split on LF alone: "\r\n" is one Character in Swift, so work on scalars.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, scalars) in lines.enumerated() {
            let trimmed = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let number = index + 1
            func failed(_ why: String) {
                rows.append(BulkRow(line: number, fields: .failure(.badInput("\(source):\(number): \(why)"))))
            }
            guard !badLines.contains(number) else {
                failed("not UTF-8 text")
                continue
            }
            do {
                let fields = try JSONDecoder().decode(MeetingFields.self, from: Data(trimmed.utf8))
                rows.append(BulkRow(line: number, fields: .success(fields.filled(from: defaults))))
            } catch let error as CmschedError {
                failed(error.message)
            } catch {
                failed("not a JSON object")
            }
        }
        return rows
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
