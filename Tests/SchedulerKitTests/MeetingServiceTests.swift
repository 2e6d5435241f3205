import CallBridgeSim
import CICal
import Foundation
import Logging
import Testing
import TestSupport

@testable import SchedulerKit

/// Meetings end to end against the simulator over real sockets, with a real SQLite file.
@Suite("meeting service against the simulator", .serialized)
struct MeetingServiceTests {
    func fixture(faults: SimFaults = SimFaults()) async throws -> SchedulerFixture {
        try await SchedulerFixture.start(faults: faults)
    }

    func draft(_ edit: (inout MeetingFields) -> Void = { _ in }) throws -> MeetingDraft {
        try SchedulerFixture.fields {
            $0.attendees = "gogi@s.com=ExternalAccessMeth;ivrman@s.com=InternalAccessMeth"
            edit(&$0)
        }.draft(defaultZone: .current)
    }

    @Test func aTemplateMeetingGetsItsOwnSpaceWithEveryAccessMethod() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (meeting, outcome) = try await f.service.create(try draft())
        #expect(outcome == .created)
        #expect(meeting.state == .scheduled)
        let client = f.sim.client()
        let space = try await client.coSpace(id: try #require(meeting.space.coSpaceId))
        #expect(space.name == "Test-XRP")
        #expect(space.meetingScheduler == "saiacano@s.com")
        #expect(space.cdrTag == SpaceProvisioner.marker(for: meeting.space))
        #expect(space.callProfile == "59f5a62e-18e5-4fd7-b841-d9d9b8d57b92")
        let methods = try await client.accessMethods(coSpace: space.id)
        #expect(methods.map(\.name) == ["ExternalAccessMeth", "InternalAccessMeth"])
        #expect(methods[0].uri == "\(space.uri!).guest")
        #expect(methods[1].uri == "\(space.uri!).host")
        #expect(methods[0].callId != nil && methods[0].callId != space.callId)
        #expect(methods[1].callId == nil)
        #expect(try await client.coSpaceUsers(coSpace: space.id).map(\.userJid) == ["saiacano@s.com"])
        let details = JoinDetails.all(for: meeting.space, sipDomain: "s.com", webBaseURL: "https://join.s.com")
        #expect(details[0].sipUri == "\(space.uri!).guest@s.com")
        #expect(details[0].webLink == "https://join.s.com/meeting/\(methods[0].callId!)?secret=\(meeting.space.roles[0].secret!)")
        #expect(details[1].callId == space.callId)
        let notices = try await f.store.notices(meetingId: meeting.id)
        #expect(notices.map(\.recipient) == ["gogi@s.com", "ivrman@s.com", "saiacano@s.com"])
        #expect(notices.allSatisfy { $0.method == "REQUEST" && $0.sequence == 0 })
    }

    @Test func rolesAndAttendeesReadBackInTheOrderTheyWereStored() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let emails = ["zed@s.com", "amy@s.com", "max@s.com"]
        let made = try await f.meeting {
            $0.attendees = "zed@s.com=ExternalAccessMeth;amy@s.com=InternalAccessMeth;max@s.com=ExternalAccessMeth"
        }
        let roles = made.space.roles.map(\.id)
        // Not in the attendee table's key order (meeting, email): only the stored order gives them back.
        #expect(made.attendees.map(\.email) == emails)
        // Four more meetings: one of five is read by index, all five by reading the tables whole.
        for index in 0..<4 {
            _ = try await f.meeting { $0.key = "other-\(index)"; $0.attendees = "gogi@s.com=ExternalAccessMeth" }
        }
        let one = try await #require(try f.store.meeting(reference: made.id))
        let scanned = try await #require(try f.store.meetings(in: [.scheduled]).meetings.first { $0.id == made.id })
        for meeting in [one, scanned] {
            #expect(meeting.attendees.map(\.email) == emails)
            #expect(meeting.space.roles.map(\.id) == roles)
        }
    }

    @Test func templatesAndUsersAreReadOncePerRun() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (client, requests) = f.sim.recordingClient()
        let service = MeetingService(client: client, store: f.store, logger: f.logger)
        for index in 0..<3 { _ = try await service.create(try draft { $0.name = "Run \(index)" }) }
        #expect(requests.count("GET", pathContaining: "/accessMethodTemplates") == 1)
        #expect(requests.count("GET", pathContaining: "/users?") == 1)
        #expect(requests.count("POST", pathContaining: "/coSpaces") == 3 * 4)
    }

    @Test func anExistingSpaceIsBookedNotCreated() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (meeting, _) = try await f.service.create(try draft {
            $0.template = nil
            $0.space = "saiacano.space@s.com"
            $0.attendees = "gogi@s.com=Guest;ivrman@s.com"
        })
        #expect(meeting.space.kind == .existing)
        #expect(meeting.space.coSpaceId == "b449de90-9dc5-4bed-9c65-a09a321d2bd9")
        #expect(meeting.attendees.map(\.role) == ["74352ae5-26d0-4401-82ca-1d1a20e2e91c", Role.spaceRole])
        #expect(await f.sim.simulator.state.count("coSpaces") == 1)
        let cancelled = try await f.service.cancel(meeting)
        #expect(cancelled.state == .cancelled)
        #expect(await f.sim.simulator.state.count("coSpaces") == 1)
    }

    @Test func theSameKeyCreatesNothingTwice() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let first = try await f.service.create(try draft { $0.key = "xrp" })
        let second = try await f.service.create(try draft { $0.key = "xrp" })
        #expect(second.1 == .existing)
        #expect(second.0.id == first.0.id)
        #expect(await f.sim.simulator.state.count("coSpaces") == 2)
    }

    @Test func aDryRunTouchesNothing() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (planned, outcome) = try await f.service.create(try draft(), dryRun: true)
        #expect(outcome == .planned)
        #expect(planned.space.coSpaceId == nil)
        #expect(await f.sim.simulator.state.count("coSpaces") == 1)
        await #expect(try f.store.meetings(in: [.creating, .scheduled, .cancelled]).meetings.isEmpty)
    }

    @Test(arguments: [
        ("template", "NoSuchTemplate", "field template: 'NoSuchTemplate' is not a coSpaceTemplate"),
        ("attendees", "gogi@s.com=NoSuchRole", "field attendees: role 'NoSuchRole' is not one of"),
        ("organizer", "stranger@s.com", "field organizer: 'stranger@s.com' is not a user"),
        ("space", "no.such.space", "field space: 'no.such.space' is neither"),
    ])
    func unknownThingsOnTheCallBridgeAreInputMissing(field: String, value: String, message: String) async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let bad = try draft {
            if field == "space" { $0.template = nil }
            try? $0.set(field, value)
        }
        await #expect {
            try await f.service.create(bad)
        } throws: { error in
            (error as? CmschedError)?.message.hasPrefix(message) == true && (error as? CmschedError)?.exitStatus == .inputMissing
                && (error as? CmschedError)?.field == field
        }
        #expect(await f.sim.simulator.state.count("coSpaces") == 1)
        await #expect(try f.store.meetings(in: [.creating, .scheduled]).meetings.isEmpty)
    }

    @Test func deletingTheSeriesDeletesItsSpaceAndSendsCancellations() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (meeting, _) = try await f.service.create(try draft())
        let cancelled = try await f.service.cancel(meeting)
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.space.state == .deleted)
        #expect(cancelled.sequence == 1)
        await #expect(throws: CallBridgeError.self) { try await f.sim.client().coSpace(id: meeting.space.coSpaceId!) }
        let cancels = try await f.store.notices(meetingId: meeting.id).filter { $0.method == "CANCEL" }
        #expect(cancels.map(\.recipient) == ["gogi@s.com", "ivrman@s.com", "saiacano@s.com"])
        #expect(cancels.allSatisfy { $0.sequence == 1 })
        await #expect(try f.store.meetings(in: [.scheduled]).meetings.isEmpty)
    }

    @Test func aCancelledOccurrenceSurvivesASeriesEdit() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (meeting, _) = try await f.service.create(try draft {
            $0.repeat = "weekly"
            $0.count = "4"
        })
        let second = try OccurrenceMatcher.start(of: "2026-12-08", in: meeting)
        let withException = try await f.service.cancelOccurrence(meeting, at: second)
        await #expect(try f.store.notices(meetingId: meeting.id).last?.recurrenceId == "2026-12-08T09:00:00")
        let edit = MeetingEdit(fields: { var fields = MeetingFields(); fields.start = "2026-12-01T10:30"; fields.name = "Renamed"; return fields }())
        let edited = try await f.service.update(withException, to: try edit.apply(to: withException))
        #expect(edited.sequence == 2)
        #expect(edited.exceptions == [LocalDateTime(year: 2026, month: 12, day: 8, hour: 10, minute: 30)])
        let window = edited.occurrences(from: .distantPast, until: .distantFuture)
        #expect(window.map { $0.localStart.dateText } == ["2026-12-01", "2026-12-15", "2026-12-22"])
        #expect(window.allSatisfy { $0.localStart.hour == 10 && $0.localStart.minute == 30 })
        let stored = try await #require(try f.store.meeting(reference: meeting.id))
        #expect(stored.exceptions == edited.exceptions)
        #expect(try await f.sim.client().coSpace(id: meeting.space.coSpaceId!).name == "Renamed")
    }

    @Test func aCoSpacePostWithAnUnknownOutcomeIsFoundNotRepeated() async throws {
        var faults = SimFaults()
        faults.dropAfterPostRate = 1
        faults.budget = 1
        let f = try await fixture(faults: faults)
        defer { Task { try await f.stop() } }
        let (meeting, _) = try await f.service.create(try draft())
        #expect(meeting.state == .scheduled)
        let spaces = try await f.sim.client().coSpaces()
        #expect(spaces.count == 2, "\(spaces.map(\.uri))")
        #expect(try await f.sim.client().accessMethods(coSpace: meeting.space.coSpaceId!).count == 2)
    }

    @Test func aMeetingLeftHalfMadeIsFinishedByTheNextRun() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        // A run that stopped right after POST /coSpaces: the space exists, the store says `creating`.
        let plan = try await MeetingPlanner(client: f.sim.client()).plan(try draft())
        var space = plan.space
        let coSpace = try await f.sim.client().createCoSpace([
            ("name", space.name), ("uri", space.uri!), ("callId", space.callId!),
            ("cdrTag", SpaceProvisioner.marker(for: space)),
        ])
        space.state = .creating
        let now = Date()
        #expect(try await f.store.insert(Meeting(
            id: "half-made", key: "k", uid: "u@cmsched", state: .creating, name: "Test-XRP", organizer: "saiacano@s.com",
            organizerRole: plan.organizerRole, start: plan.draft.start, duration: plan.draft.duration, timeZone: "Europe/Berlin",
            recurrence: nil, exceptions: [], sequence: 0, attendees: plan.attendees, space: space, createdAt: now, updatedAt: now),
            claim: .ofAGoneProcess))
        await #expect(try f.store.meetings(in: [.scheduled]).meetings.isEmpty)
        let recovered = try await f.service.recoverInterrupted()
        #expect(recovered.count == 1 && recovered[0].error == nil)
        let finished = try await #require(try f.store.meeting(reference: "half-made"))
        #expect(finished.state == .scheduled)
        #expect(finished.space.coSpaceId == coSpace)
        #expect(await f.sim.simulator.state.count("coSpaces") == 2)
        // That space was POSTed without a secret: the one the Call Bridge chose is read back.
        #expect(finished.space.secret != nil)
        #expect(finished.space.secret == (try await f.sim.client().coSpace(id: coSpace).secret))
    }

    @Test func theSecretsCmschedSendsAreTheOnesTheCallBridgeKeeps() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (meeting, _) = try await f.service.create(try draft())
        let client = f.sim.client()
        let coSpace = try await client.coSpace(id: meeting.space.coSpaceId!)
        #expect(meeting.space.secret?.count == 22)
        #expect(coSpace.secret == meeting.space.secret)
        #expect(coSpace.callId == meeting.space.callId)
        for role in meeting.space.roles where role.id != Role.spaceRole {
            let method = try await client.accessMethod(coSpace: coSpace.id, id: try #require(role.accessMethodId))
            #expect(method.secret == role.secret && method.callId == role.callId && method.uri == role.uri, "\(role.name)")
        }
        // As on the Call Bridge: a secret goes with a call ID.
        #expect(meeting.space.roles.allSatisfy { ($0.secret != nil) == ($0.callId != nil) })
    }

    @Test func aTrimmedZoneIsMadeOnceAndEachCallerGetsItsOwnCopy() throws {
        let stamp = try #require(RFC3339.parse("2030-06-01T12:00:00Z"))
        let first = try #require(ICalendarWriter.timezone("America/New_York", from: stamp))
        let second = try #require(ICalendarWriter.timezone("America/New_York", from: stamp.addingTimeInterval(86_400)))
        #expect(first != second)
        let text = String(cString: icalcomponent_as_ical_string(first))
        icalcomponent_free(first)
        #expect(String(cString: icalcomponent_as_ical_string(second)) == text)
        icalcomponent_free(second)
        #expect(text.hasPrefix("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"))
        // The year before and the ten after the start are covered: 2029's and 2040's changes are there.
        #expect(text.contains("2029") && text.contains("2040"))
        #expect(ICalendarWriter.timezone("Nowhere/City", from: stamp) == nil)
    }

    @Test func aStreamedExportIsTheSameCalendarInPieces() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        var meetings: [Meeting] = []
        for (index, zone) in ["Europe/Berlin", "America/New_York", "UTC", "Europe/Berlin"].enumerated() {
            meetings.append(try await f.service.create(try draft {
                $0.key = "stream-\(index)"
                $0.tz = zone
                $0.repeat = index == 1 ? "weekly" : nil
                $0.count = index == 1 ? "4" : nil
                $0.attendees = "gogi@s.com"
            }).0)
        }
        let writer = ICalendarWriter(sipDomain: "s.com", webBaseURL: "https://join.s.com")
        let stamp = Date(timeIntervalSince1970: 1_900_000_000)
        for audience in [ICalendarWriter.Audience.organizer, .allRoles] {
            let whole = writer.request(meetings, stamp: stamp, audience: audience)
            for piece in [1, 500, 1 << 16] {
                var pieces: [Data] = []
                try writer.writeRequest(meetings, stamp: stamp, audience: audience, piece: piece) { pieces.append($0) }
                #expect(String(decoding: pieces.reduce(Data(), +), as: UTF8.self) == whole, "piece \(piece)")
                #expect(piece > 500 || pieces.count > 2)
            }
        }
        var empty = Data()
        try writer.writeRequest([], stamp: stamp) { empty += $0 }
        #expect(String(decoding: empty, as: UTF8.self) == writer.request([], stamp: stamp))
    }

    @Test func anExportParsesBackWithLibical() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let (meeting, _) = try await f.service.create(try draft {
            $0.repeat = "weekly"
            $0.until = "2027-04-30"
        })
        let cancelled = try await f.service.cancelOccurrence(meeting, at: try OccurrenceMatcher.start(of: "2026-12-15", in: meeting))
        let text = ICalendarWriter(sipDomain: "s.com", webBaseURL: nil).request([cancelled], stamp: Date())
        #expect(text.contains("\r\n"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"))
        #expect(text.contains("METHOD:REQUEST"))
        let events = try ICalendarReader.events(text)
        #expect(events.count == 1)
        #expect(events[0].uid == meeting.uid)
        #expect(events[0].sequence == 1)
        #expect(events[0].start == "20261201T090000")
        #expect(events[0].startZone == "Europe/Berlin")
        #expect(events[0].rrule == meeting.recurrence?.rule)
        #expect(events[0].rrule?.contains("UNTIL=20270430T215959Z") == true)
        #expect(events[0].exdates == ["20261215T090000"])
    }
}
