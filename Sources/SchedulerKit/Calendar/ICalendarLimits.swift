/// An iCalendar file read line by line before libical parses it, for what libical would take
/// as something else or that would cost without bound: a repeat rule outside RFC 5545 (libical
/// drops what it does not read), RDATE (extra occurrences cmsched does not keep), a VCALENDAR
/// inside another (libical would find no event in it), and the file's, a line's and the events'
/// sizes (README, "Limits"). Each is refused with its line.
public enum ICalendarLimits {
    /// The largest `.ics` file `meeting import` reads.
    public static let fileBytes = 16 << 20
    /// The longest property, unfolded (a DESCRIPTION of a few pages is far less).
    public static let lineBytes = 64 << 10
    /// The most VEVENTs in one file.
    public static let events = 10_000

    static func check(_ text: String) throws {
        func bad(_ line: Int, _ why: String) -> CmschedError { .badInput("line \(line): \(why)") }
        guard text.utf8.count <= fileBytes else {
            throw CmschedError.badInput("the file has \(text.utf8.count) bytes; at most \(fileBytes >> 20) MiB")
        }
        var events = 0, calendars = 0
        var logical: [UInt8] = [], start = 0, number = 0
        func finish() throws {
            defer { logical.removeAll(keepingCapacity: true) }
            guard !logical.isEmpty else { return }
            let line = String(decoding: logical, as: UTF8.self)
            let nameEnd = line.firstIndex { $0 == ":" || $0 == ";" } ?? line.endIndex
            let name = line[..<nameEnd].uppercased()
            let value = line.firstIndex(of: ":").map { String(line[line.index(after: $0)...]) } ?? ""
            switch name {
            case "BEGIN" where value.uppercased() == "VCALENDAR":
                calendars += 1
                guard calendars == 1 else { throw bad(start, "a VCALENDAR inside another (its events would not be read)") }
            case "END" where value.uppercased() == "VCALENDAR":
                calendars -= 1
            case "BEGIN" where value.uppercased() == "VEVENT":
                events += 1
                guard events <= Self.events else { throw bad(start, "more than \(Self.events) events in one file") }
            case "RRULE":
                do { _ = try RuleSyntax.check(value, quoted: value) } catch let error as CmschedError { throw bad(start, error.message) }
            case "RDATE":
                throw bad(start, "RDATE (occurrences added to a series) is not supported: give them as events of their own")
            default: break
            }
        }
        // Lines end with CRLF or LF; a line that begins with a space or tab continues the one before.
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                logical.append(contentsOf: line.dropFirst())
            } else {
                try finish()
                start = number
                logical.append(contentsOf: line)
            }
            guard logical.count <= lineBytes else { throw bad(start, "a property of more than \(lineBytes >> 10) KiB") }
        }
        try finish()
    }
}
