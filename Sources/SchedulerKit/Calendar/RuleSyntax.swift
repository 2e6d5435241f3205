/// The text of an RRULE value checked against RFC 5545's grammar (section 3.3.10) before libical
/// reads it: libical skips what it does not understand (an empty part, an unknown name, a
/// repeated part, `COUNT=abc`) and reads the rest as another rule, so `FREQ=DAILY;;;BYDAY=XX`
/// would be an open-ended daily series. Each fault is refused with the part's position.
enum RuleSyntax {
    private static let days: Set<String> = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
    private static let frequencies: Set<String> = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]

    /// The parts of `value` by name (upper case), in RFC 5545's grammar; throws naming the part.
    static func check(_ value: String, quoted text: String) throws -> [String: String] {
        func bad(_ why: String) -> CmschedError { .badInput("rrule '\(text)': \(why)") }
        var pieces = value.split(separator: ";", omittingEmptySubsequences: false)
        // A trailing semicolon separates nothing from nothing: seen in the wild, harmless.
        if pieces.count > 1, pieces.last?.isEmpty == true { pieces.removeLast() }
        var parts: [String: String] = [:]
        for (index, piece) in pieces.enumerated() {
            let position = "part \(index + 1)"
            guard let equals = piece.firstIndex(of: "="), equals != piece.startIndex else {
                throw bad("\(position) '\(piece)' is not NAME=VALUE")
            }
            let name = piece[..<equals].uppercased(), content = piece[piece.index(after: equals)...].uppercased()
            guard parts[name] == nil else { throw bad("\(position): \(name) is given twice") }
            guard !content.isEmpty else { throw bad("\(position): \(name) has no value") }
            let valid: Bool
            switch name {
            case "FREQ": valid = frequencies.contains(content)
            case "COUNT", "INTERVAL": valid = content.allSatisfy(\.isASCIIDigit) && content.count <= 9 && Int(content)! >= 1
            case "UNTIL": valid = isDateOrDateTime(content)
            case "BYSECOND": valid = numbers(content, 0...60, signed: false)
            case "BYMINUTE": valid = numbers(content, 0...59, signed: false)
            case "BYHOUR": valid = numbers(content, 0...23, signed: false)
            case "BYMONTHDAY": valid = numbers(content, 1...31, signed: true)
            case "BYYEARDAY", "BYSETPOS": valid = numbers(content, 1...366, signed: true)
            case "BYWEEKNO": valid = numbers(content, 1...53, signed: true)
            case "BYMONTH": valid = numbers(content, 1...12, signed: false)
            case "BYDAY": valid = content.split(separator: ",", omittingEmptySubsequences: false).allSatisfy(isWeekday)
            case "WKST": valid = days.contains(content)
            default: throw bad("\(position): \(name) is not a part of an RFC 5545 rule")
            }
            guard valid else { throw bad("\(position): \(name)=\(content) is not a valid value (RFC 5545 3.3.10)") }
            parts[name] = content
        }
        guard parts["FREQ"] != nil else { throw bad("FREQ is missing") }
        guard parts["COUNT"] == nil || parts["UNTIL"] == nil else { throw bad("give COUNT or UNTIL, not both") }
        return parts
    }

    /// A comma list of integers in `range` (each with a sign when `signed` allows one).
    private static func numbers(_ list: String, _ range: ClosedRange<Int>, signed: Bool) -> Bool {
        list.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
            var digits = Substring(item)
            if signed, let first = digits.first, first == "+" || first == "-" { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCIIDigit) else { return false }
            return range.contains(Int(digits)!)
        }
    }

    /// `[+|-][1-53]DAY`, e.g. `MO`, `-1FR`, `+2TU`.
    private static func isWeekday(_ item: Substring) -> Bool {
        guard item.count >= 2, days.contains(String(item.suffix(2))) else { return false }
        let ordinal = item.dropLast(2)
        return ordinal.isEmpty || numbers(String(ordinal), 1...53, signed: true)
    }

    /// `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`.
    private static func isDateOrDateTime(_ text: String) -> Bool {
        let characters = Array(text)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { characters[$0].isASCIIDigit } }
        switch characters.count {
        case 8: return digits(0..<8)
        case 15, 16: return digits(0..<8) && characters[8] == "T" && digits(9..<15) && (characters.count == 15 || characters[15] == "Z")
        default: return false
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
