import Foundation
import Testing

@testable import SchedulerKit

@Suite("meeting fields and bulk input")
struct MeetingFieldsTests {
    var base: MeetingFields {
        var fields = MeetingFields()
        fields.name = "Weekly sync"
        fields.organizer = "saiacano@s.com"
        fields.template = "CoSpaceTemp-Scheduler"
        fields.start = "2026-12-01T09:00"
        fields.duration = "1h30m"
        fields.tz = "Europe/Berlin"
        return fields
    }

    @Test func aValidMeeting() throws {
        var fields = base
        fields.attendees = "gogi@s.com=ExternalAccessMeth; IVRman@s.com"
        let draft = try fields.draft(defaultZone: .current)
        #expect(draft.duration == 5_400)
        #expect(draft.attendees == [
            AttendeeDraft(email: "gogi@s.com", role: "ExternalAccessMeth"), AttendeeDraft(email: "ivrman@s.com", role: nil),
        ])
        #expect(draft.space == .template("CoSpaceTemp-Scheduler"))
    }

    @Test func anOffsetTimeIsConvertedToTheZone() throws {
        var fields = base
        fields.start = "2026-12-01T08:00:00Z"
        #expect(try fields.draft(defaultZone: .current).start.hour == 9)
    }

    @Test(arguments: [
        ("end", "2026-12-01T08:00", "field end: must be after start"),
        ("duration", "0m", "field duration: must be more than zero"),
        ("duration", "-1h", "field duration: '-1h' is not a duration"),
        ("tz", "Mars/Olympus", "field tz: 'Mars/Olympus' is not a time zone tzdata knows"),
        ("rrule", "FREQ=FORTNIGHTLY", "field rrule:"),
        ("attendees", "not-an-email", "field attendees: 'not-an-email' is not an email address"),
        ("organizer", "", "field organizer: missing"),
        ("start", "tomorrow", "field start: 'tomorrow' is not an ISO 8601 time"),
        ("repeat", "hourly", "field repeat:"),
        ("count", "3", "field count: only with repeat"),
        // Series with no occurrence: days that never come, a rule libical cannot expand, an end before the start.
        ("rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "field rrule: the series has no occurrence from its start 2026-12-01T09:00:00 on"),
        ("rrule", "FREQ=DAILY;BYMONTHDAY=-1", "field rrule: the series has no occurrence"),
        ("rrule", "FREQ=WEEKLY;UNTIL=20261130T000000Z", "field rrule: the series has no occurrence"),
        ("until", "2026-11-30", "field repeat: the series has no occurrence"),
    ])
    func badFieldsAreNamed(field: String, value: String, message: String) throws {
        var fields = base
        if field == "end" { fields.duration = nil }
        try fields.set(field, value)
        if field == "organizer" { fields.organizer = nil }
        if field == "until" { fields.repeat = "daily" }
        #expect {
            try fields.draft(defaultZone: .current)
        } throws: { error in
            (error as? CmschedError)?.message.hasPrefix(message) == true
        }
    }

    @Test func csvHandlesQuotesCRLFAndBOM() throws {
        let text = "\u{FEFF}name,attendees\r\n\"Board, \"\"Q4\"\"\",\"a@b.com=x;\r\nc@d.com\"\r\n\r\nplain,e@f.com\r\n"
        let records = try CSVReader<TextBytes>.records(text, source: "in.csv")
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["Board, \"Q4\"", "a@b.com=x;\r\nc@d.com"])
        #expect(records[2].fields == ["plain", "e@f.com"])
    }

    @Test func anUnbalancedQuoteNamesItsLine() {
        #expect(throws: CmschedError.badInput("in.csv:3: unbalanced quote (the field never ends)")) {
            try CSVReader<TextBytes>.records("name\nok\n\"broken,\nmore\n", source: "in.csv")
        }
    }

    @Test func wrongColumnCountFailsOnlyThatRow() throws {
        let rows = Array(try BulkInput.rows(Data("name,start\nA,2026-12-01T09:00\nB\n".utf8), source: "m.csv", defaults: MeetingFields()))
        #expect(rows.count == 2)
        guard case .failure(let error) = rows[1].fields else { Issue.record("row 3 accepted"); return }
        #expect(error.message == "m.csv:3: 1 fields, the header has 2")
    }

    @Test func aBrokenQuoteOnTheLastLineFailsTheWholeInputBeforeAnyRowIsRead() {
        var csv = "name,start\n"
        for i in 1...50 { csv += "M\(i),2030-01-01T09:00\n" }
        csv += "\"never closed,2030-01-01T09:00\n"
        #expect(throws: CmschedError.badInput("m.csv:52: unbalanced quote (the field never ends)")) {
            _ = try BulkInput.rows(Data(csv.utf8), source: "m.csv", defaults: MeetingFields())
        }
    }

    @Test func unknownColumnsAreRefused() {
        #expect(throws: CmschedError.self) { try BulkInput.rows(Data("name,colour\nA,red\n".utf8), source: "m.csv", defaults: MeetingFields()) }
    }

    @Test func jsonLinesTakeTheSameFieldsAndFlagDefaults() throws {
        var defaults = MeetingFields()
        defaults.tz = "Europe/Berlin"
        defaults.organizer = "saiacano@s.com"
        let text = """
            {"name": "A", "start": "2026-12-01T09:00", "duration": "1h", "template": "T", "count": 3, "repeat": "daily"}

            {"name": "B", "attendees": ["x@y.com=host"], "organizer": "gogi@s.com"}
            not json
            """
        let rows = Array(try BulkInput.rows(Data(text.utf8), source: "m.jsonl", defaults: defaults))
        #expect(rows.map(\.line) == [1, 3, 4])
        let first = try rows[0].fields.get()
        #expect(first.count == "3")
        #expect(first.tz == "Europe/Berlin")
        #expect(try rows[1].fields.get().attendees == "x@y.com=host")
        #expect(try rows[1].fields.get().organizer == "gogi@s.com")
        guard case .failure(let error) = rows[2].fields else { Issue.record("bad line accepted"); return }
        #expect(error.message.hasPrefix("m.jsonl:4:"))
    }

    @Test func rowsWithoutAKeyAreKeyedByTheirContent() throws {
        let once = Array(try BulkInput.rows(Data("name,start\nA,2026-12-01T09:00\n".utf8), source: "a", defaults: MeetingFields()))
        let again = Array(try BulkInput.rows(Data("name,start\nZ,2026-12-02T09:00\nA,2026-12-01T09:00\n".utf8), source: "b", defaults: MeetingFields()))
        #expect(once[0].key == again[1].key)
        #expect(once[0].key != again[0].key)
    }
}
