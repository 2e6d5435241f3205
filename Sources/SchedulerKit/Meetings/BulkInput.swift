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

/// Reads `meeting create --input`: CSV with a header, or JSON lines, with the same field names.
public enum BulkInput {
    /// Splits the input into rows; a malformed CSV (unbalanced quote) fails as a whole.
    public static func rows(_ text: String, source: String, defaults: MeetingFields) throws -> [BulkRow] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if body.drop(while: \.isWhitespace).first == "{" {
            return jsonLines(body, source: source, defaults: defaults)
        }
        let records = try CSVReader.records(body, source: source)
        guard let header = records.first else { return [] }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for column in columns where !MeetingFields.columns.contains(column) {
            throw CmschedError.badInput("\(source):\(header.line): unknown column '\(column)' (expected \(MeetingFields.columns.joined(separator: ",")))")
        }
        return records.dropFirst().map { record in
            guard record.fields.count == columns.count else {
                return BulkRow(line: record.line, fields: .failure(.badInput(
                    "\(source):\(record.line): \(record.fields.count) fields, the header has \(columns.count)")))
            }
            do {
                return BulkRow(line: record.line, fields: .success(try MeetingFields(header: columns, values: record.fields).filled(from: defaults)))
            } catch let error as CmschedError {
                return BulkRow(line: record.line, fields: .failure(.badInput("\(source):\(record.line): \(error.message)")))
            } catch {
                return BulkRow(line: record.line, fields: .failure(.internalError("\(error)")))
            }
        }
    }

    private static func jsonLines(_ text: String, source: String, defaults: MeetingFields) -> [BulkRow] {
        var rows: [BulkRow] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let number = index + 1
            do {
                let fields = try JSONDecoder().decode(MeetingFields.self, from: Data(trimmed.utf8))
                rows.append(BulkRow(line: number, fields: .success(fields.filled(from: defaults))))
            } catch let error as CmschedError {
                rows.append(BulkRow(line: number, fields: .failure(.badInput("\(source):\(number): \(error.message)"))))
            } catch {
                rows.append(BulkRow(line: number, fields: .failure(.badInput("\(source):\(number): not a JSON object"))))
            }
        }
        return rows
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
