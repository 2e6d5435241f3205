import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

@Suite("the email outbox")
struct OutboxTests {
    func storeWithNotices(_ count: Int) async throws -> (SQLiteStore, Meeting) {
        let store = try SQLiteStore.open(path: NSTemporaryDirectory() + "outbox-\(UUID().uuidString)/cmsched.sqlite")
        let now = Date()
        let space = Space(
            id: "s1", kind: .existing, state: .ready, coSpaceId: "c1", templateId: nil, organizer: "o@s.com", name: "S",
            roles: [Role(id: Role.spaceRole, name: Role.spaceRole)], createdAt: now)
        let meeting = Meeting(
            id: "m1", key: nil, uid: "u1@cmsched", state: .scheduled, name: "M", organizer: "o@s.com",
            organizerRole: Role.spaceRole, start: LocalDateTime(year: 2030, month: 1, day: 1, hour: 9),
            duration: 3_600, timeZone: "UTC", recurrence: nil, exceptions: [],
            sequence: 0, attendees: [], space: space, createdAt: now, updatedAt: now)
        try await store.save(meeting, notices: (0..<count).map { Notice(recipient: "a\($0)@s.com", method: .request) }, now: now)
        return (store, meeting)
    }

    @Test(arguments: [
        ("a\nb", "a\r\nb"), ("a\r\nb", "a\r\nb"), ("a\rb", "a\rb"), ("\r\r\n", "\r\r\n"), ("\n\n", "\r\n\r\n"),
        ("é\nü\r\n", "é\r\nü\r\n"), ("", ""),
    ])
    func everyLineOfAMIMETextPartEndsInCRLF(text: String, lines: String) {
        #expect(MIMEPart.crlfLines(text) == Data(lines.utf8))
    }

    @Test func theOrganizersInvitationSaysWhyTheyJoinByTheirRoleAndAnAttendeesDoesNot() async throws {
        let (store, base) = try await storeWithNotices(1)
        let queued = try #require(try await store.outbox(OutboxFilter()).first)
        var meeting = base
        meeting.organizerRoleRule = .spaceOwn
        meeting.attendees = [Attendee(email: "a@s.com", role: Role.spaceRole)]
        let composer = InvitationComposer(from: "scheduler@s.com", writer: ICalendarWriter(sipDomain: "s.com", webBaseURL: nil))
        func text(to recipient: String) -> String {
            var entry = queued
            entry.recipient = recipient
            return composer.plainText(entry: entry, meeting: meeting, occurrence: nil, isCancel: false, callBridgeText: nil)
        }
        #expect(text(to: "o@s.com").contains("How to join (space, the space's own URI and call ID (no default access method)):"))
        #expect(text(to: "a@s.com").contains("How to join (space):"))
    }

    @Test func theHTMLPartEscapesMarkup() {
        #expect(InvitationComposer.escapeHTML("<a href=\"x\">R&D</a> é") == "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt; é")
    }

    @Test func aCrashedSendersRowsComeBackWhenTheLeaseEnds() async throws {
        let (store, _) = try await storeWithNotices(2)
        let now = Date()
        await #expect(try store.claimOutbox(limit: 10, now: now, lease: 300).count == 2)
        // The sender dies here: nothing is marked. Another run during the lease gets nothing...
        await #expect(try store.claimOutbox(limit: 10, now: now.addingTimeInterval(60), lease: 300).isEmpty)
        // ...and every row once the lease is over.
        await #expect(try store.claimOutbox(limit: 10, now: now.addingTimeInterval(301), lease: 300).count == 2)
    }

    @Test func retriesEndInTheDeadLetterStateAfterTheLimit() async throws {
        let (store, _) = try await storeWithNotices(1)
        let id = try await store.claimOutbox(limit: 1, now: Date(), lease: 300)[0].id
        await #expect(try store.markRetry(id, error: "451", next: Date(), maxAttempts: 2) == false)
        _ = try await store.claimOutbox(limit: 1, now: Date().addingTimeInterval(1), lease: 300)
        await #expect(try store.markRetry(id, error: "451 again", next: Date(), maxAttempts: 2) == true)
        let row = try await #require(try store.outbox().first)
        #expect(row.state == "dead" && row.attempts == 2 && row.lastError == "451 again")
    }

    @Test func theRecipientsInvitedBeforeAreThoseAnInvitationReached() async throws {
        let (store, meeting) = try await storeWithNotices(3)
        let now = Date()
        let claimed = await Dictionary(uniqueKeysWithValues: try store.claimOutbox(limit: 10, now: now, lease: 300).map { ($0.recipient, $0.id) })
        try await store.markSent(try #require(claimed["a0@s.com"]), at: now)
        try await store.markDead(try #require(claimed["a1@s.com"]), error: "550 no such user")
        // a2 is still being sent; a3 gets a cancel, which is not an invitation.
        var changed = meeting
        changed.sequence = 1
        try await store.save(changed, notices: [Notice(recipient: "a3@s.com", method: .cancel)], now: now)
        let cancel = try await #require(try store.claimOutbox(limit: 10, now: now.addingTimeInterval(1), lease: 300).first)
        #expect(cancel.recipient == "a3@s.com" && cancel.method == "CANCEL")
        try await store.markSent(cancel.id, at: now)
        await #expect(try store.invitedRecipients(meetingIds: ["m1", "m2"]) == ["m1": ["a0@s.com"]])
        await #expect(try store.invitedRecipients(meetingIds: ["m2"]).isEmpty)
        await #expect(try store.invitedRecipients(meetingIds: []).isEmpty)
    }

    @Test func oneMessagePerRecipientAndMeetingCarriesTheNewestState() async throws {
        let (store, meeting) = try await storeWithNotices(1)
        var changed = meeting
        changed.sequence = 1
        try await store.save(changed, notices: [Notice(recipient: "a0@s.com", method: .request)], now: Date())
        changed.sequence = 2
        let occurrence = LocalDateTime(year: 2030, month: 1, day: 8, hour: 9)
        try await store.save(changed, notices: [Notice(recipient: "a0@s.com", method: .cancel, recurrenceId: occurrence)], now: Date())
        // Never invited yet: the occurrence cancel goes out as the current invitation (with its EXDATE).
        let claimed = try await store.claimOutbox(limit: 10, now: Date().addingTimeInterval(1), lease: 300)
        #expect(claimed.map(\.sequence) == [2])
        #expect(claimed.map(\.method) == ["REQUEST"] && claimed[0].recurrenceId == nil)
        await #expect(try store.outbox().map(\.state) == ["superseded", "superseded", "sending"])
        try await store.markSent(claimed[0].id, at: Date())
        // Invited already: a later occurrence cancel stays a cancel.
        changed.sequence = 3
        try await store.save(changed, notices: [Notice(recipient: "a0@s.com", method: .cancel, recurrenceId: occurrence)], now: Date())
        let next = try await store.claimOutbox(limit: 10, now: Date().addingTimeInterval(2), lease: 300)
        #expect(next.map(\.method) == ["CANCEL"] && next[0].recurrenceId == occurrence.description)
    }

    @Test func encodedWordsKeepNonASCIISubjectsIntact() {
        let encoded = HeaderEncoding.encode("Réunion d'équipe – Zürich, a rather long subject line that needs folding")
        #expect(encoded.hasPrefix("=?UTF-8?B?"))
        #expect(encoded.components(separatedBy: "\r\n ").allSatisfy { $0.count <= 75 })
        #expect(HeaderEncoding.encode("Plain ASCII") == "Plain ASCII")
    }
}
