import Foundation

/// Date formatters made once per pattern, time zone and locale, used under a lock (a formatter is
/// not safe to share between threads). Making one per message was a quarter of a send's time.
final class DateFormatters: @unchecked Sendable {
    static let shared = DateFormatters()

    private let lock = NSLock()
    private var made: [String: DateFormatter] = [:]

    func string(from date: Date, pattern: String, zone: TimeZone, locale: String) -> String {
        lock.withLock {
            let key = [pattern, zone.identifier, locale].joined(separator: "\u{0}")
            if let formatter = made[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = zone
            formatter.dateFormat = pattern
            made[key] = formatter
            return formatter.string(from: date)
        }
    }
}
