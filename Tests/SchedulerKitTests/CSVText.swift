import Foundation

@testable import SchedulerKit

/// The bytes of a text, after a byte order mark if it starts with one: CSV read from a string,
/// for tests (cmsched itself only reads spooled bulk input).
struct TextBytes: ByteStream {
    private var bytes: String.UTF8View.Iterator

    init(_ text: String) {
        bytes = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).utf8.makeIterator()
    }

    mutating func next() -> UInt8? { bytes.next() }
}

extension CSVReader where Bytes == TextBytes {
    /// A reader of `text` (a leading byte order mark skipped).
    init(_ text: String, source: String) {
        self.init(TextBytes(text), source: source)
    }

    /// Every record of `text`; blank lines are skipped.
    static func records(_ text: String, source: String) throws -> [CSVRecord] {
        var reader = CSVReader(text, source: source)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}
