import Foundation
import GRDB

/// Times as the store holds them: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, the text GRDB writes for a
/// `Date` (PostgreSQL holds the same text). Written as GRDB writes it; read by hand rather than
/// through GRDB's DateFormatter and Calendar (a fast path: bench/RESULTS.md, "Fast paths"), to the
/// same Date (a test compares them on random times).
@_spi(Bench) public enum StoredDate {
    /// The stored text of `date`, as GRDB writes it (to the nearest millisecond).
    @_spi(Bench) public static func text(_ date: Date) -> String {
        String.fromDatabaseValue(date.databaseValue) ?? ""
    }

    /// The time stored as `value`: the text above read by hand, anything else (another of the
    /// forms SQLite and GRDB accept, or a number of seconds) as GRDB reads it.
    @_spi(Bench) public static func date(_ value: DatabaseValue) -> Date? {
        if case .string(var text) = value.storage, let date = text.withUTF8({ self.date($0) }) {
            return date
        }
        return Date.fromDatabaseValue(value)
    }

    /// Stored text, read by hand (nil for any other form).
    static func date(text: String) -> Date? {
        var text = text
        return text.withUTF8 { date($0) }
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS` exactly, with a valid date and time; nil for any other text.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 23, bytes[19] == UInt8(ascii: "."),
              let local = LocalDateTime.fixedWidth(bytes, separator: UInt8(ascii: " ")),
              let millisecond = LocalDateTime.digits(bytes, 20, 3)
        else { return nil }
        guard local.isValid, local.year >= 1_900 else { return nil }
        let seconds = LocalDateTime.daysFromCivil(local.year, local.month, local.day) * 86_400
            + local.hour * 3_600 + local.minute * 60 + local.second
        // Summed as Foundation's calendar sums them, so the same text makes the same Date.
        let sinceReference = TimeInterval(seconds) - Date.timeIntervalBetween1970AndReferenceDate
        return Date(timeIntervalSinceReferenceDate: sinceReference + TimeInterval(millisecond) / 1_000)
    }
}

extension Date {
    /// This time as the store writes it (see `StoredDate`).
    var stored: String { StoredDate.text(self) }
}
