import Foundation
import GRDB

/// Times as the store holds them: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, the text GRDB writes for a
/// `Date`, here written and read by hand rather than through GRDB's DateFormatter and Calendar (a
/// fast path: bench/RESULTS.md, "Fast paths"). The text stays exactly GRDB's (a test compares
/// them on random times), so rows written either way sort and compare as one; PostgreSQL holds
/// the same text.
enum StoredDate {
    /// The stored text of `date`, to the nearest millisecond as the formatter rounds: from the
    /// reference date, in its arithmetic, half a millisecond up (not away from zero).
    static func text(_ date: Date) -> String {
        let since1970 = (date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1_000
        let milliseconds = Int64((since1970 + 0.5).rounded(.down))
        let seconds = milliseconds >= 0 ? milliseconds / 1_000 : (milliseconds - 999) / 1_000
        let utc = LocalDateTime(Date(timeIntervalSince1970: TimeInterval(seconds)), in: .gmt)
        // Years 1900 to 9999 only: GRDB's formatter writes others its own way (four digits or
        // more, and the Julian calendar before 1582).
        guard (1_900...9_999).contains(utc.year) else { return String.fromDatabaseValue(date.databaseValue) ?? "" }
        // `2026-12-01T09:00:00` with a space for the T, and the milliseconds.
        return utc.dateText + " " + utc.description.suffix(8) + "." + Int(milliseconds - seconds * 1_000).zeroPadded(3)
    }

    /// The time stored as `value`: the text above read by hand, anything else (another of the
    /// forms SQLite and GRDB accept, or a number of seconds) as GRDB reads it.
    static func date(_ value: DatabaseValue) -> Date? {
        if case .string(var text) = value.storage, let date = text.withUTF8({ self.date($0) }) {
            return date
        }
        return Date.fromDatabaseValue(value)
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS` exactly, with a valid date and time; nil for any other text.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 23, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: ".")
        else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let millisecond = number(20, 3)
        else { return nil }
        let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard local.isValid, year >= 1_900 else { return nil }
        let seconds = LocalDateTime.daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
        // Summed as Foundation's calendar sums them, so the same text makes the same Date.
        let sinceReference = TimeInterval(seconds) - Date.timeIntervalBetween1970AndReferenceDate
        return Date(timeIntervalSinceReferenceDate: sinceReference + TimeInterval(millisecond) / 1_000)
    }
}

extension Date {
    /// This time as the store writes it (see `StoredDate`).
    var stored: String { StoredDate.text(self) }
}
