import ArgumentParser
import Foundation
import SchedulerKit

/// The flags that describe a meeting (create and update share them).
struct MeetingFieldOptions: ParsableArguments {
    @Option(help: "Meeting name.") var name: String?
    @Option(help: ArgumentHelp("Organizer's user JID.", valueName: "jid")) var organizer: String?
    @Option(help: ArgumentHelp("The organizer's role (access method name or id).", valueName: "role")) var organizerRole: String?
    @Option(help: ArgumentHelp("Start in --tz: 2026-12-08T10:00, tomorrow 9:30, +2h, now (ad-hoc)... (TIMES in cmsched(1)).", valueName: "time"))
    var start: String?
    @Option(help: ArgumentHelp("End time, same forms (or give --duration).", valueName: "time")) var end: String?
    @Option(help: ArgumentHelp("Length, e.g. 1h30m (with --start now: 1h when not given).", valueName: "duration")) var duration: String?
    @Option(help: ArgumentHelp("IANA time zone (default: meetings.time_zone, else the machine's).", valueName: "zone")) var tz: String?
    @Option(name: .customLong("repeat"), help: ArgumentHelp("none, daily, weekly, monthly or yearly.", valueName: "freq"))
    var repeatFrequency: String?
    @Option(help: "Repeat every N days/weeks/months/years.") var interval: Int?
    @Option(help: "Number of occurrences.") var count: Int?
    @Option(help: ArgumentHelp("Last day of the series (included) or its last time, same forms.", valueName: "date")) var until: String?
    @Option(help: ArgumentHelp("A full RFC 5545 RRULE instead of --repeat.", valueName: "rule")) var rrule: String?
    @Option(name: .customLong("attendee"), help: ArgumentHelp("An attendee, EMAIL[=ROLE]; repeat the flag.", valueName: "email"))
    var attendees: [String] = []

    /// What `body` does, with a wrong field named by its flag (`--organizer-role: …`) rather than
    /// by its CSV column, as the library names it (`field organizer_role: …`).
    static func namingFlags<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CmschedError {
            guard let field = error.field else { throw error }
            let flag = field == "attendees" ? "--attendee" : "--" + field.replacingOccurrences(of: "_", with: "-")
            let prefix = "field \(field): "
            let reason = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
            throw error.withMessage("\(flag): \(reason)")
        }
    }

    /// The flags as meeting fields (unset flags stay nil).
    var fields: MeetingFields {
        var fields = MeetingFields()
        fields.name = name
        fields.organizer = organizer
        fields.organizerRole = organizerRole
        fields.start = start
        fields.end = end
        fields.duration = duration
        fields.tz = tz
        fields.repeat = repeatFrequency
        fields.interval = interval.map(String.init)
        fields.count = count.map(String.init)
        fields.until = until
        fields.rrule = rrule
        fields.attendees = attendees.isEmpty ? nil : attendees.joined(separator: ";")
        return fields
    }
}
