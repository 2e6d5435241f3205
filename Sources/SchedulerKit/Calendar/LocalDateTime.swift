import Foundation

/// A wall-clock date and time without a zone (what DTSTART;TZID=… holds).
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]` (no offset), or `YYYYMMDDTHHMMSS`.
    public init?(iso text: String) {
        // The form cmsched writes and reads back by the thousand, read where it lies.
        if let stored = text.utf8.withContiguousStorageIfAvailable({ Self.stored($0) }), let stored {
            self = stored
            guard isValid else { return nil }
            return
        }
        guard let numbers = Self.numbers(text, "dddd-dd-ddTdd:dd:dd") ?? Self.numbers(text, "dddd-dd-ddTdd:dd")
            ?? Self.numbers(text, "dddd|dd|ddTdd|dd|dd")
        else { return nil }
        self.init(
            year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
            second: numbers.count > 5 ? numbers[5] : 0)
        guard isValid else { return nil }
    }

    /// Parses `YYYY-MM-DD` as midnight of that day.
    public init?(date text: String) {
        guard let numbers = Self.numbers(text, "dddd-dd-dd") else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
        guard isValid else { return nil }
    }

    /// `YYYY-MM-DDTHH:MM:SS` exactly (what `description` writes), else nil.
    private static func stored(_ bytes: UnsafeBufferPointer<UInt8>) -> LocalDateTime? {
        bytes.count == 19 ? fixedWidth(bytes, separator: UInt8(ascii: "T")) : nil
    }

    /// `YYYY-MM-DD?HH:MM:SS` at the start of `bytes`, `separator` between the date and the time,
    /// read where it lies; nil for another shape (the values are not checked: see `isValid`).
    static func fixedWidth(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) -> LocalDateTime? {
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == separator,
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2)
        else { return nil }
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The number written by the `count` ASCII digits at `start`; nil when one is not a digit.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + count] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// The numbers of `text` when it has the shape of `layout` (`d` a digit, `T` a `T` or a space,
    /// `|` the end of a number that takes no character, anything else itself), each run of digits
    /// one number; nil otherwise. No regex: stored times are read with this on every list.
    private static func numbers(_ text: String, _ layout: String) -> [Int]? {
        var input = text.utf8.makeIterator()
        var numbers: [Int] = []
        numbers.reserveCapacity(6)  // one allocation, not one per doubling
        var current: Int?
        func flush() {
            if let value = current { numbers.append(value) }
            current = nil
        }
        for expected in layout.utf8 {
            if expected == UInt8(ascii: "|") {
                flush()
                continue
            }
            guard let byte = input.next() else { return nil }
            if expected == UInt8(ascii: "d") {
                guard (48...57).contains(byte) else { return nil }
                current = (current ?? 0) * 10 + Int(byte - 48)
                continue
            }
            flush()
            let matches = expected == UInt8(ascii: "T") ? (byte == UInt8(ascii: "T") || byte == UInt8(ascii: " ")) : byte == expected
            guard matches else { return nil }
        }
        guard input.next() == nil else { return nil }
        flush()
        return numbers
    }

    var isValid: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            return false
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `2026-12-01T09:00:00`.
    public var description: String { text(dateSeparator: "-", timeSeparator: ":") }

    /// `20261201T090000`, the iCalendar form.
    public var icalText: String { text(dateSeparator: nil, timeSeparator: nil) }

    /// `2026-12-01`.
    public var dateText: String { text(dateSeparator: "-", timeSeparator: nil, withTime: false) }

    /// The fields in fixed width (`%04d`, `%02d`), between them the separators given and `T`, then
    /// whatever `suffix` writes (at most `suffixLength` bytes): one String written byte by byte.
    /// A String per field, joined, was a tenth of what `meeting list --format json` took (times are
    /// printed by the ten thousand). A field wider than its digits is written as `%0Nd` writes it.
    func text(
        dateSeparator: Unicode.Scalar?, timeSeparator: Unicode.Scalar?, withTime: Bool = true,
        suffixLength: Int = 0, suffix: (inout ASCIIText) -> Void = { _ in }
    ) -> String {
        func width(_ field: Int) -> Int { ASCIIText.width(of: field, padding: 2) }
        var length = ASCIIText.width(of: year, padding: 4) + width(month) + width(day) + (dateSeparator == nil ? 0 : 2)
        if withTime { length += 1 + width(hour) + width(minute) + width(second) + (timeSeparator == nil ? 0 : 2) }
        return ASCIIText.string(capacity: length + suffixLength) { text in
            func append(_ separator: Unicode.Scalar?, _ field: Int) {
                if let separator { text.append(separator) }
                text.append(field, padding: 2)
            }
            text.append(year, padding: 4)
            append(dateSeparator, month)
            append(dateSeparator, day)
            if withTime {
                text.append("T")
                text.append(hour, padding: 2)
                append(timeSeparator, minute)
                append(timeSeparator, second)
            }
            suffix(&text)
        }
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// The instant this wall-clock time names in `zone`. An ambiguous time (a DST fall-back repeats
    /// an hour) is its first occurrence, as RFC 5545 says; a time skipped by a DST change moves forward
    /// by the length of the gap.
    public func instant(in zone: TimeZone) -> Date {
        let asUTC = Date(timeIntervalSince1970: Double(Self.daysFromCivil(year, month, day)) * 86_400
            + Double(hour * 3_600 + minute * 60 + second))
        // Zones are 12 hours behind UTC to 14 ahead, so the instant lies in [asUTC - 14 h, asUTC + 12 h];
        // the offsets in force at its two ends cover any one transition in it. (Half a day either
        // side missed the first of a repeated hour in zones more than 12 hours ahead: New Zealand
        // in summer, Chatham, Samoa, Tonga.)
        let before = TimeInterval(zone.secondsFromGMT(for: asUTC.addingTimeInterval(-14 * 3_600)))
        let after = TimeInterval(zone.secondsFromGMT(for: asUTC.addingTimeInterval(12 * 3_600)))
        // One offset throughout (nearly always): its one candidate is the answer whether or not it
        // reads back as this time, so it is not read back (each offset is a look-up in the zone's rules).
        if before == after { return asUTC.addingTimeInterval(-before) }
        let candidates = [asUTC.addingTimeInterval(-before), asUTC.addingTimeInterval(-after)]
            .filter { LocalDateTime($0, in: zone) == self }
        return candidates.min() ?? asUTC.addingTimeInterval(-before)
    }

    /// The day of the week, ISO 8601's way: 1 is Monday, 7 is Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let days = Self.daysFromCivil(year, month, day)
        return ((days + 3) % 7 + 7) % 7 + 1
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The wall-clock time of `date` in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        self.init(date, offset: zone.secondsFromGMT(for: date))
    }

    /// The wall-clock time of `date` at `offset` seconds from UTC (the zone's offset then, already
    /// known: each look-up is a walk through the zone's rules).
    init(_ date: Date, offset: Int) {
        let local = Int((date.timeIntervalSince1970 + TimeInterval(offset)).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - days * 86_400
        // Civil date from days since 1970-01-01 (the inverse of `daysFromCivil`).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day,
            hour: seconds / 3_600, minute: seconds % 3_600 / 60, second: seconds % 60)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad local time \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int {
    /// In decimal with leading zeros to `width` digits, as `%0Nd` prints it (String(format:) was a
    /// tenth of what `meeting list` took).
    func zeroPadded(_ width: Int) -> String {
        ASCIIText.string(capacity: ASCIIText.width(of: self, padding: width)) { $0.append(self, padding: width) }
    }
}

/// Short ASCII text written byte by byte into a String's own storage: one allocation, or none
/// when it fits a small string.
struct ASCIIText {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    /// The String `write` makes, writing at most `capacity` bytes.
    static func string(capacity: Int, _ write: (inout ASCIIText) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var text = ASCIIText(buffer: buffer)
            write(&text)
            return text.count
        }
    }

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// How many bytes `append(number, padding:)` writes.
    static func width(of number: Int, padding: Int) -> Int {
        var digits = 1
        var rest = number.magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return number < 0 ? Swift.max(digits + 1, padding) : Swift.max(digits, padding)
    }

    mutating func append(_ character: Unicode.Scalar) {
        precondition(character.isASCII && count < buffer.count, "ASCIIText: room for \(buffer.count) bytes")
        buffer[count] = UInt8(character.value)
        count += 1
    }

    /// `number` in decimal with leading zeros to `padding` characters, as `%0Nd` writes it.
    mutating func append(_ number: Int, padding: Int) {
        let width = Self.width(of: number, padding: padding)
        precondition(count + width <= buffer.count, "ASCIIText: room for \(buffer.count) bytes")
        Self.write(number, width: width, at: buffer.baseAddress! + count)
        count += width
    }

    /// `number` as `width` bytes at `out` (a width from `width(of:padding:)`): the sign, then the
    /// digits with leading zeros. JSON's numbers are written with it too.
    static func write(_ number: Int, width: Int, at out: UnsafeMutablePointer<UInt8>) {
        if number < 0 { out[0] = UInt8(ascii: "-") }
        var rest = number.magnitude
        for index in stride(from: width - 1, through: number < 0 ? 1 : 0, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }
}

/// Formats instants as RFC 3339 with the zone's offset (or `Z` for UTC).
public enum RFC3339 {
    /// `2026-12-01T09:00:00+01:00`, or `…Z` when the zone's offset is zero then (whole seconds).
    /// Formatted by hand: a formatter per value was most of the time `meeting list` took.
    public static func string(_ date: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let minutes = abs(offset) / 60
        let zoneText = offset == 0 ? 1 : 1 + ASCIIText.width(of: minutes / 60, padding: 2) + 3
        return LocalDateTime(date, offset: offset).text(dateSeparator: "-", timeSeparator: ":", suffixLength: zoneText) { text in
            guard offset != 0 else { return text.append("Z") }
            text.append(offset < 0 ? "-" : "+")
            text.append(minutes / 60, padding: 2)
            text.append(":")
            text.append(minutes % 60, padding: 2)
        }
    }

    /// Parses RFC 3339's date-time (`2026-12-01T09:00:00+01:00`, `…Z`, a fraction of a second, a
    /// lower-case `t` or `z`, or a space for the `T`), and the same without seconds. By hand: making
    /// an ISO8601DateFormatter was a twentieth of what a short `meeting list --from --until` took.
    public static func parse(_ text: String) -> Date? {
        var bytes = Array(text.utf8)
        guard let (offset, zoneStart) = zoneOffset(bytes) else { return nil }
        var end = zoneStart
        var fraction = 0.0
        if let dot = bytes[..<zoneStart].firstIndex(of: UInt8(ascii: ".")) {
            // A fraction needs seconds before it and at least one digit.
            let digits = bytes[(dot + 1)..<zoneStart]
            guard dot == 19, !digits.isEmpty, digits.allSatisfy({ (48...57).contains($0) }),
                  let value = Double("0." + String(decoding: digits, as: UTF8.self))
            else { return nil }
            fraction = value
            end = dot
        }
        guard end == 16 || end == 19 else { return nil }
        if bytes[10] == UInt8(ascii: "t") { bytes[10] = UInt8(ascii: "T") }
        guard let local = LocalDateTime(iso: String(decoding: bytes[..<end], as: UTF8.self)) else { return nil }
        let seconds = LocalDateTime.daysFromCivil(local.year, local.month, local.day) * 86_400
            + local.hour * 3_600 + local.minute * 60 + local.second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// The offset in seconds named at the end of `bytes` (`Z`, `z`, `+hh:mm` or `-hh:mm`) and
    /// where it starts; nil when the text ends in none.
    private static func zoneOffset(_ bytes: [UInt8]) -> (seconds: Int, start: Int)? {
        guard let last = bytes.last else { return nil }
        if last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return (0, bytes.count - 1) }
        let start = bytes.count - 6
        guard start > 0, bytes[start] == UInt8(ascii: "+") || bytes[start] == UInt8(ascii: "-"),
              bytes[start + 3] == UInt8(ascii: ":")
        else { return nil }
        let digits = [bytes[start + 1], bytes[start + 2], bytes[start + 4], bytes[start + 5]]
        guard digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let number = digits.map { Int($0 - 48) }
        let hours = number[0] * 10 + number[1]
        let minutes = number[2] * 10 + number[3]
        guard hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3_600 + minutes * 60
        return (bytes[start] == UInt8(ascii: "-") ? -seconds : seconds, start)
    }
}

/// Instants given on the command line, in any form of `HumanTime`.
public enum TimeArgument {
    /// What a day without a time of day stands for: its first instant (`--from`, `--since`), or
    /// the first instant after it, so that the day is included (`--until`, as in `meeting create`).
    public enum WholeDay: Sendable {
        case from
        case through
    }

    public static func instant(
        _ text: String, zone: TimeZone, flag: String, wholeDay: WholeDay = .from, now: Date = HumanTime.referenceNow()
    ) throws -> Date {
        guard let resolved = HumanTime.resolve(text, zone: zone, now: now) else {
            throw CmschedError.badInput("\(flag): '\(TextRules.escapingControls(text))' is not a date or time; \(HumanTime.hint)")
        }
        guard resolved.dateOnly, wholeDay == .through else { return resolved.local.instant(in: zone) }
        return resolved.local.addingDays(1).instant(in: zone)
    }
}

/// A time zone given on the command line.
public enum TimeZoneArgument {
    public static func zone(_ name: String, flag: String) throws -> TimeZone {
        guard let zone = ICalendarWriter.knownZone(name) else {
            throw CmschedError.badInput("\(flag): '\(TextRules.escapingControls(name))' is not a time zone tzdata knows, such as Europe/Berlin, CET or UTC")
        }
        return zone
    }
}

extension LocalDateTime {
    /// The same wall-clock time `days` calendar days later (earlier when negative).
    public func addingDays(_ days: Int) -> LocalDateTime {
        let date = LocalDateTime(Date(timeIntervalSince1970: Double(Self.daysFromCivil(year, month, day) + days) * 86_400), offset: 0)
        return LocalDateTime(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second)
    }
}
