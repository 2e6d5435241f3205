import Foundation

/// The range of instants cmsched stores: every start, end, UNTIL and last occurrence lies in
/// 1970-01-01T00:00Z ≤ t < 2200-01-01T00:00Z, so every stored time reads back and prints.
public enum TimeBounds {
    public static let lower = Date(timeIntervalSince1970: 0)
    /// 2200-01-01T00:00:00Z.
    public static let upper = Date(timeIntervalSince1970: 7_258_118_400)

    public static func contains(_ date: Date) -> Bool { date >= lower && date < upper }

    /// The calendar years inside the range.
    public static let years = 1970...2199

    /// Fails with bad input naming `field` when `date` is outside the range.
    public static func check(_ date: Date, field: String) throws {
        guard contains(date) else {
            throw CmschedError.field(field, "\(describe(date)) is outside the supported range 1970-01-01T00:00Z to 2199-12-31T23:59Z")
        }
    }

    private static func describe(_ date: Date) -> String {
        guard date.timeIntervalSince1970.magnitude < 1e13 else { return "the time" }
        return LocalDateTime(date, in: TimeZone(identifier: "UTC")!).description + "Z"
    }
}

/// Rules for free text that crosses a boundary (names, keys, references).
public enum TextRules {
    /// `url` without the user name and password of its authority (`scheme://user:secret@host/…`
    /// becomes `scheme://host/…`), whatever else is wrong with it: for every URL a peer or a user
    /// gives that ends up in a log line, a metric label, the status snapshot or `status`.
    public static func withoutUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authority = url[scheme.upperBound...].prefix { !"/?#".contains($0) }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }

    /// True for Unicode general category Cc: U+0000–001F and U+007F–009F.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// True for what may not stand in a single-line field: controls (Cc), format characters (Cf:
    /// bidirectional overrides such as U+202E, zero-width spaces, U+FEFF; all but the zero-width
    /// joiner U+200D that emoji sequences need) and the line and paragraph separators (Zl, Zp).
    /// Meeting names reach mail subjects, calendar titles and logs, where these reorder or hide text.
    public static func isRefusedInLine(_ scalar: Unicode.Scalar) -> Bool {
        if isControl(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .format: return scalar.value != 0x200D
        case .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Fails with bad input naming `field` when `value` holds a control, format or separator
    /// character (`isRefusedInLine`).
    public static func checkNoControls(_ value: String, field: String) throws {
        if let bad = value.unicodeScalars.first(where: isRefusedInLine) {
            let kind = isControl(bad) ? "control" : bad.properties.generalCategory == .format ? "format" : "line separator"
            throw CmschedError.field(field, "\(kind) character U+\(String(format: "%04X", bad.value)) is not allowed")
        }
    }

    /// `text` with control, format and separator characters written as escapes (`\n`, `\r`,
    /// `\t`, `\u{1B}`, `\u{202E}`), so it stays one line and reads in its own order.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isRefusedInLine) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isRefusedInLine(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
