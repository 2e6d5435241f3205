import Foundation

/// The fields of one meeting as text: from flags, a CSV row or a JSON line (same names).
public struct MeetingFields: Sendable, Equatable, Codable {
    public var key: String?
    public var name: String?
    public var start: String?
    public var end: String?
    public var duration: String?
    public var tz: String?
    public var `repeat`: String?
    public var interval: String?
    public var count: String?
    public var until: String?
    public var rrule: String?
    public var template: String?
    public var space: String?
    public var organizer: String?
    public var organizerRole: String?
    /// `email=role;email=role` (role optional).
    public var attendees: String?

    /// Every field with its CSV column / JSON name, in the documented order.
    static var fieldPaths: [(column: String, path: WritableKeyPath<MeetingFields, String?>)] {
        [
            ("key", \.key), ("name", \.name), ("start", \.start), ("end", \.end), ("duration", \.duration),
            ("tz", \.tz), ("repeat", \.repeat), ("interval", \.interval), ("count", \.count), ("until", \.until),
            ("rrule", \.rrule), ("template", \.template), ("space", \.space), ("organizer", \.organizer),
            ("organizer_role", \.organizerRole), ("attendees", \.attendees),
        ]
    }

    /// The CSV header / JSON field names, in order.
    public static var columns: [String] { fieldPaths.map(\.column) }

    public init() {}

    /// Reads a JSON object; numbers are accepted for numeric fields, a list of strings for attendees.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys where !Self.columns.contains(key.stringValue) {
            throw CmschedError.badInput("unknown field '\(key.stringValue)'")
        }
        self.init()
        for (column, path) in Self.fieldPaths {
            let key = AnyKey(stringValue: column)
            guard container.contains(key), try !container.decodeNil(forKey: key) else { continue }
            if let string = try? container.decode(String.self, forKey: key) {
                self[keyPath: path] = string.isEmpty ? nil : string
            } else if let number = try? container.decode(Int.self, forKey: key) {
                self[keyPath: path] = String(number)
            } else if column == "attendees", let list = try? container.decode([String].self, forKey: key) {
                self[keyPath: path] = list.joined(separator: ";")
            } else {
                throw CmschedError.field(column, "expected a string")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (column, path) in Self.fieldPaths {
            try container.encodeIfPresent(self[keyPath: path], forKey: AnyKey(stringValue: column))
        }
    }

    /// Builds fields from a CSV header and one record; unknown columns are an error.
    public init(header: [String], values: [String]) throws {
        self.init()
        for (column, value) in zip(header, values) {
            try set(column.trimmingCharacters(in: .whitespaces), value)
        }
    }

    /// Sets one field by its column name (an empty value unsets it).
    public mutating func set(_ column: String, _ value: String) throws {
        guard let path = Self.fieldPaths.first(where: { $0.column == column })?.path else {
            throw CmschedError.badInput("unknown column '\(column)'")
        }
        self[keyPath: path] = value.isEmpty ? nil : value
    }

    /// These fields with empty ones taken from `defaults` (the command-line flags). The space is
    /// taken as a pair: a row naming a template or a space keeps it, whatever the flags say.
    public func filled(from defaults: MeetingFields) -> MeetingFields {
        var out = self
        for (column, path) in Self.fieldPaths where column != "template" && column != "space" {
            out[keyPath: path] = self[keyPath: path] ?? defaults[keyPath: path]
        }
        if template == nil && space == nil {
            out.template = defaults.template
            out.space = defaults.space
        }
        return out
    }

    /// Checks every field and builds the meeting; errors name the field. Relative times (`now`,
    /// `+2h`, `tomorrow 9:30`) count from `now`.
    public func draft(defaultZone: TimeZone, now: Date = HumanTime.referenceNow()) throws -> MeetingDraft {
        func bad(_ field: String, _ why: String) -> CmschedError { .field(field, why) }
        for (column, path) in Self.fieldPaths {
            guard let value = self[keyPath: path] else { continue }
            let most = FieldLimits.characters(of: column)
            guard value.count <= most else { throw bad(column, "\(value.count) characters; at most \(most)") }
            try TextRules.checkNoControls(value, field: column)
        }
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { throw bad("name", "missing") }
        guard let organizer = organizer?.trimmingCharacters(in: .whitespaces), !organizer.isEmpty else {
            throw bad("organizer", "missing")
        }
        guard EmailAddress.isValid(organizer) else { throw bad("organizer", "'\(organizer)' is not a user JID (user@domain)") }
        // Foundation names UTC "GMT" on Linux; the meeting keeps the name it was given.
        let zoneName = tz ?? (defaultZone.identifier == "GMT" ? "UTC" : defaultZone.identifier)
        guard let zone = ICalendarWriter.knownZone(zoneName) else {
            throw bad("tz", "'\(zoneName)' is not a time zone tzdata knows, such as Europe/Berlin, CET or UTC")
        }
        let space: SpaceChoice
        switch (template, self.space) {
        case (let template?, nil): space = .template(template)
        case (nil, let existing?): space = .existing(existing)
        case (nil, nil): throw bad("template", "give a template (new temporary space) or a space (existing)")
        case (_?, _?): throw bad("space", "give a template or a space, not both")
        }
        guard let startText = start else { throw bad("start", "missing") }
        let startTime = try Self.localTime(startText, field: "start", zone: zone, now: now)
        let start = startTime.local
        let begin = start.instant(in: zone)
        try TimeBounds.check(begin, field: "start")
        let length: TimeInterval
        switch (self.end, duration) {
        case (let text?, nil):
            let end = try Self.localTime(text, field: "end", zone: zone, now: now).local
            length = end.instant(in: zone).timeIntervalSince(begin)
            guard length > 0 else { throw bad("end", "must be after start") }
        case (nil, let text?):
            guard let seconds = DurationText.seconds(text) else { throw bad("duration", "'\(text)' is not a duration such as 1h30m") }
            guard seconds > 0 else { throw bad("duration", "must be more than zero") }
            length = TimeInterval(seconds)
        case (nil, nil):
            // An ad-hoc meeting (`now`) lasts an hour unless told otherwise.
            guard startTime.isNow else { throw bad("end", "give an end or a duration") }
            length = Self.adHocLength
        case (_?, _?): throw bad("duration", "give an end or a duration, not both")
        }
        try TimeBounds.check(begin.addingTimeInterval(length), field: self.end == nil ? "duration" : "end")
        let recurrence = try recurrenceRule(zone: zone, now: now, bad: bad)
        if let recurrence {
            try Self.checkOccurrences(recurrence, field: rrule == nil ? "repeat" : "rrule", start: start, zone: zone, duration: length)
        }
        let attendees = try (attendees ?? "").split(separator: ";").map { item -> AttendeeDraft in
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let email = parts.first, EmailAddress.isValid(email) else {
                let why = parts.first.flatMap(EmailAddress.problem) ?? "empty"
                throw bad("attendees", "'\(item)' is not an email address (\(why))")
            }
            return AttendeeDraft(email: email.lowercased(), role: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil)
        }
        guard attendees.count <= FieldLimits.attendees else {
            throw bad("attendees", "\(attendees.count) attendees; at most \(FieldLimits.attendees)")
        }
        guard Set(attendees.map(\.email)).count == attendees.count else { throw bad("attendees", "an email is listed twice") }
        return MeetingDraft(
            key: key, name: name, organizer: organizer.lowercased(), organizerRole: organizerRole, space: space,
            start: start, duration: length, timeZone: zoneName, recurrence: recurrence, attendees: attendees)
    }

    private func recurrenceRule(zone: TimeZone, now: Date, bad: (String, String) -> CmschedError) throws -> Recurrence? {
        if let rrule {
            guard `repeat` == nil || `repeat` == "none" else { throw bad("rrule", "give repeat or rrule, not both") }
            do { return try Recurrence.parse(rrule, zone: zone) } catch let error as CmschedError {
                throw bad("rrule", error.message)
            }
        }
        guard let frequency = `repeat`, frequency != "none" else {
            for (field, value) in [("interval", interval), ("count", count), ("until", until)] where value != nil {
                throw bad(field, "only with repeat")
            }
            return nil
        }
        func number(_ field: String, _ text: String?) throws -> Int? {
            guard let text else { return nil }
            guard let value = Int(text), value >= 1 else { throw bad(field, "'\(text)' is not a positive number") }
            return value
        }
        let untilTime = try until.map { text -> LocalDateTime in
            let time = try Self.localTime(text, field: "until", zone: zone, now: now, dayAllowed: true)
            guard time.dateOnly else { return time.local }
            return LocalDateTime(year: time.local.year, month: time.local.month, day: time.local.day, hour: 23, minute: 59, second: 59)
        }
        let (every, times) = (try number("interval", interval), try number("count", count))
        do {
            return try Recurrence.simple(frequency: frequency, interval: every, count: times, until: untilTime, zone: zone)
        } catch let error as CmschedError {
            throw bad("repeat", error.message)
        }
    }

    /// Fails unless the series has an occurrence (libical finds none for a rule whose days never
    /// come, such as February 30, or that it cannot expand, such as a DAILY rule with BYMONTHDAY=-1;
    /// it searches for a second before saying so, which a stored series would cost every listing
    /// of it), and its UNTIL and last occurrence lie inside `TimeBounds`.
    static func checkOccurrences(
        _ recurrence: Recurrence, field: String, start: LocalDateTime, zone: TimeZone, duration: TimeInterval
    ) throws {
        if let until = recurrence.until { try TimeBounds.check(until, field: "until") }
        try SeriesLimits.check(recurrence, start: start, zone: zone)
        guard !recurrence.starts(from: start, zone: zone, through: nil, limit: 1).isEmpty else {
            throw CmschedError.field(field, "the series has no occurrence from its start \(start) on")
        }
        guard let count = recurrence.count else { return }
        let starts = recurrence.starts(from: start, zone: zone, through: TimeBounds.upper, limit: count)
        guard starts.count == count, let last = starts.last,
            TimeBounds.contains(last.instant(in: zone).addingTimeInterval(duration))
        else {
            throw CmschedError.field("count", "the last occurrence would end after 2199-12-31T23:59Z")
        }
    }

    /// These fields with each relative time (`now`, `+2h`, `tomorrow 9:30`: not ISO 8601 or RFC
    /// 3339) written as the local time it names at `now`; absolute ones are kept as written.
    func absoluteTimes(defaultZone: TimeZone, now: Date) -> MeetingFields {
        let zone = tz.flatMap(TimeZone.init(identifier:)) ?? defaultZone
        var out = self
        for path in [\MeetingFields.start, \.end, \.until] {
            guard let text = self[keyPath: path], let time = HumanTime.resolve(text, zone: zone, now: now), time.relative else { continue }
            out[keyPath: path] = time.dateOnly ? time.local.dateText : time.local.description
        }
        return out
    }

    /// How long an ad-hoc meeting (`start` `now`) lasts when neither end nor duration is given.
    public static let adHocLength: TimeInterval = 3_600

    /// A time in any form of `HumanTime`, in `zone`; a day alone only where `dayAllowed` (`until`).
    static func localTime(
        _ text: String, field: String, zone: TimeZone, now: Date, dayAllowed: Bool = false
    ) throws -> HumanTime.Resolved {
        guard let time = HumanTime.resolve(text, zone: zone, now: now) else {
            throw CmschedError.field(field, "'\(text)' is not a time; \(HumanTime.hint)")
        }
        guard dayAllowed || !time.dateOnly else {
            throw CmschedError.field(field, "'\(text)' is a day; give a time of day too, such as \(text) 10:00")
        }
        return time
    }
}

/// A coding key for any field name (to find unknown fields).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Where a meeting takes place.
public enum SpaceChoice: Sendable, Equatable {
    /// A new temporary space from this coSpaceTemplate (name or id).
    case template(String)
    /// An existing space (id or URI).
    case existing(String)
}

/// An attendee as given: email and role (access method name or id; nil = the default role).
public struct AttendeeDraft: Sendable, Equatable, Codable {
    public var email: String
    public var role: String?
}

/// A meeting checked locally (times, zone, rule, emails), not yet against the Call Bridge.
public struct MeetingDraft: Sendable, Equatable {
    public var key: String?
    public var name: String
    public var organizer: String
    public var organizerRole: String?
    public var space: SpaceChoice
    public var start: LocalDateTime
    /// How long each occurrence lasts: elapsed time, whatever DST does in between.
    public var duration: TimeInterval
    public var timeZone: String
    public var recurrence: Recurrence?
    public var attendees: [AttendeeDraft]
    /// From an imported calendar: its UID and SEQUENCE (kept, so calendars update the same entry)
    /// and its cancelled occurrences.
    public var uid: String? = nil
    public var sequence: Int = 0
    public var exceptions: [LocalDateTime] = []

    public var zone: TimeZone { Zones.named(timeZone)! }
}
