/// How long a meeting's fields may be (README, "Limits"), checked with the other field rules on
/// every path a meeting arrives by.
public enum FieldLimits {
    /// A meeting's name (it names the space on the Call Bridge, and the mail's subject).
    public static let name = 200
    /// An idempotency key.
    public static let key = 200
    /// The attendees of one meeting.
    public static let attendees = 500
    /// Any other field (a time, a zone, a template, a rule, …).
    public static let other = 1_000

    /// The most characters `column` (a CSV column name) may hold.
    static func characters(of column: String) -> Int {
        switch column {
        case "name": name
        case "key": key
        // `email=role;…` for up to `attendees` of them.
        case "attendees": attendees * 320
        default: other
        }
    }
}
