import ArgumentParser
import SchedulerKit

/// The flags that describe a meeting (create and update share them).
struct MeetingFieldOptions: ParsableArguments {
    @Option(help: "Meeting name.") var name: String?
    @Option(help: ArgumentHelp("Organizer's user JID.", valueName: "jid")) var organizer: String?
    @Option(help: ArgumentHelp("The organizer's role (access method name or id).", valueName: "role")) var organizerRole: String?
    @Option(help: ArgumentHelp("Start, ISO 8601 local time in --tz (or with an offset).", valueName: "time")) var start: String?
    @Option(help: ArgumentHelp("End time (or give --duration).", valueName: "time")) var end: String?
    @Option(help: ArgumentHelp("Length, e.g. 1h30m.", valueName: "duration")) var duration: String?
    @Option(help: ArgumentHelp("IANA time zone (default: the machine's).", valueName: "zone")) var tz: String?
    @Option(name: .customLong("repeat"), help: ArgumentHelp("none, daily, weekly, monthly or yearly.", valueName: "freq"))
    var repeatFrequency: String?
    @Option(help: "Repeat every N days/weeks/months/years.") var interval: Int?
    @Option(help: "Number of occurrences.") var count: Int?
    @Option(help: ArgumentHelp("Last day (YYYY-MM-DD) or time of the series.", valueName: "date")) var until: String?
    @Option(help: ArgumentHelp("A full RFC 5545 RRULE instead of --repeat.", valueName: "rule")) var rrule: String?
    @Option(name: .customLong("attendee"), help: ArgumentHelp("An attendee, EMAIL[=ROLE]; repeat the flag.", valueName: "email"))
    var attendees: [String] = []

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
