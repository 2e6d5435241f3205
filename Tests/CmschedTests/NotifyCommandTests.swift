import Foundation
import GRDB
import SchedulerKit
import Testing
import TestSupport

@Suite("cmsched notify: invitations over SMTP to a real server", .serialized)
struct NotifyCommandTests {
    func setUp(actions: [String] = [], smtpPassword: String = SMTPPeer.password) throws -> MailSetup {
        try MailSetup.start(actions: actions, smtpPassword: smtpPassword)
    }

    /// One weekly meeting with one attendee; the organizer (known to the Call Bridge) gets a copy.
    func schedule(_ cli: CLI, name: String = "Test-XRP", key: String = "m1") throws {
        let result = try cli.run([
            "meeting", "create", "--name", name, "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
            "--start", "2030-12-03T09:00", "--duration", "1h", "--tz", "Europe/Berlin", "--repeat", "weekly", "--count", "4",
            "--attendee", "gogi@s.com=ExternalAccessMeth", "--key", key, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func outbox(_ cli: CLI) throws -> [[String: Any]] {
        let result = try cli.run(["notify", "list", "--format", "json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// Makes every queued row due now (instead of waiting out the backoff).
    func makeDue(_ cli: CLI) throws {
        let pool = try DatabasePool(path: cli.path("data/cmsched/cmsched.sqlite"))
        try pool.write { try $0.execute(sql: "UPDATE outbox SET nextAttemptAt = '2000-01-01 00:00:00.000'") }
        try pool.close()
    }

    @Test func invitationsAreWellFormedITIPMessages() throws {
        let s = try setUp()
        defer { s.stop() }
        try schedule(s.cli, name: "Réunion d'équipe – Zürich")
        let sent = try s.cli.run(["notify", "send", "--format", "json"])
        #expect(sent.status == 0, "\(sent.stderr)")
        let messages = try s.smtp.messages()
        #expect(messages.map { $0["to"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["gogi@s.com", "saiacano@s.com"])
        let attendee = try #require(messages.first { $0["to"] as? String == "gogi@s.com" })
        #expect(attendee["crlf"] as? Bool == true)
        #expect(attendee["subject"] as? String == "Invitation: Réunion d'équipe – Zürich @ Tuesday, 3 December 2030 09:00")
        #expect(attendee["from"] as? String == "Sai Acano <scheduler@s.com>")
        #expect(attendee["replyTo"] as? String == "Sai Acano <saiacano@s.com>")
        let mime = try #require(attendee["mime"] as? [String: Any])
        #expect(mime["type"] as? String == "multipart/mixed")
        let parts = try #require(mime["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["multipart/alternative", "application/ics"])
        #expect((parts[0]["parts"] as? [[String: Any]])?.map { $0["type"] as? String } == ["text/plain", "text/html", "text/calendar"])
        #expect(attendee["attachments"] as? [[String: String]] == [["type": "application/ics", "filename": "invite.ics"]])
        #expect(attendee["calendarType"] as? [String: String] == ["method": "REQUEST", "charset": "UTF-8"])
        let text = try #require(attendee["text"] as? String)
        #expect(text.contains("When: Tuesday, 3 December 2030 09:00 - 10:00 (Europe/Berlin)"))
        #expect(text.contains("How to join (ExternalAccessMeth):"))
        #expect(text.contains(".guest@s.com"))
        #expect(text.contains("Web app: https://join.s.com/meeting/"))
        #expect(text.contains("You are invited to"), "the Call Bridge's invitation text is used")
        #expect((attendee["html"] as? String)?.contains("Europe/Berlin") == true)
        let calendar = try #require(attendee["calendar"] as? [String: Any])
        #expect(calendar["method"] as? String == "REQUEST")
        #expect(calendar["timezones"] as? [String] == ["Europe/Berlin"])
        let event = try #require((calendar["events"] as? [[String: Any]])?.first)
        #expect(event["sequence"] as? Int == 0)
        #expect(event["dtstart"] as? String == "2030-12-03T09:00:00+01:00")
        #expect(event["tzid"] as? String == "Europe/Berlin")
        #expect(event["rrule"] as? String == "FREQ=WEEKLY;COUNT=4")
        #expect(event["organizer"] as? String == "mailto:saiacano@s.com")
        #expect(event["organizerCN"] as? String == "Sai Acano")
        #expect(event["attendees"] as? [String] == ["mailto:gogi@s.com"])
        let rows = try outbox(s.cli)
        #expect(rows.allSatisfy { $0["state"] as? String == "sent" })
        #expect(Set(rows.compactMap { $0["messageId"] as? String }) == Set(messages.compactMap { $0["messageId"] as? String }))
        // Nothing is sent twice.
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        #expect(try s.smtp.messages().count == 2)
    }

    @Test func updatesAndCancellationsKeepTheUIDAndRaiseTheSequence() throws {
        let s = try setUp()
        defer { s.stop() }
        try schedule(s.cli)
        #expect(try s.cli.run(["meeting", "update", "m1", "--start", "2030-12-03T10:00"]).status == 0)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        #expect(try s.cli.run(["meeting", "delete", "m1", "--occurrence", "2030-12-10"]).status == 0)
        let sent = try s.cli.run(["notify", "send", "--format", "json"])
        #expect(sent.status == 0)
        // The first invitations were superseded by the update; the occurrence cancellation follows it.
        let states = try outbox(s.cli).map { "\($0["recipient"]!) \($0["method"]!)/\($0["sequence"]!) \($0["state"]!)" }
        #expect(states.sorted() == [
            "gogi@s.com CANCEL/2 sent", "gogi@s.com REQUEST/0 superseded", "gogi@s.com REQUEST/1 sent",
            "saiacano@s.com CANCEL/2 sent", "saiacano@s.com REQUEST/0 superseded", "saiacano@s.com REQUEST/1 sent",
        ])
        // A recipient's first message is an invitation, whatever the SEQUENCE it carries.
        let first = try #require(try s.smtp.messages().first { $0["to"] as? String == "gogi@s.com" })
        #expect((first["subject"] as? String)?.hasPrefix("Invitation: Test-XRP") == true)
        #expect((((first["calendar"] as? [String: Any])?["events"] as? [[String: Any]])?.first?["sequence"]) as? Int == 1)
        let cancel = try #require(try s.smtp.messages().last { $0["to"] as? String == "gogi@s.com" })
        #expect((cancel["subject"] as? String)?.hasPrefix("Cancelled: Test-XRP on Tuesday, 10 December 2030") == true)
        let calendar = try #require(cancel["calendar"] as? [String: Any])
        #expect(calendar["method"] as? String == "CANCEL")
        let event = try #require((calendar["events"] as? [[String: Any]])?.first)
        #expect(event["sequence"] as? Int == 2)
        #expect(event["recurrenceId"] as? String == "2030-12-10T10:00:00+01:00")
        #expect(event["status"] as? String == "CANCELLED")
        #expect(try s.cli.run(["meeting", "delete", "m1"]).status == 0)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        let last = try #require(try s.smtp.messages().last { $0["to"] as? String == "gogi@s.com" })
        let series = try #require(((last["calendar"] as? [String: Any])?["events"] as? [[String: Any]])?.first)
        #expect(series["uid"] as? String == event["uid"] as? String)
        #expect(series["sequence"] as? Int == 3)
        #expect(series["recurrenceId"] == nil || series["recurrenceId"] is NSNull)
    }

    @Test func changesBeforeTheFirstDeliveryCoalesceIntoOneInvitation() throws {
        let s = try setUp()
        defer { s.stop() }
        try schedule(s.cli)
        #expect(try s.cli.run(["meeting", "update", "m1", "--start", "2030-12-03T10:00"]).status == 0)
        #expect(try s.cli.run(["meeting", "delete", "m1", "--occurrence", "2030-12-10"]).status == 0)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        let messages = try s.smtp.messages().filter { $0["to"] as? String == "gogi@s.com" }
        #expect(messages.count == 1)
        #expect((messages[0]["subject"] as? String)?.hasPrefix("Invitation: Test-XRP") == true)
        let event = try #require(((messages[0]["calendar"] as? [String: Any])?["events"] as? [[String: Any]])?.first)
        #expect(event["sequence"] as? Int == 2)
        #expect((messages[0]["calendarType"] as? [String: String])?["method"] == "REQUEST")
    }

    @Test func deadLettersAreListedByStateAndRetried() throws {
        let s = try setUp(actions: ["550"])
        defer { s.stop() }
        try schedule(s.cli)
        #expect(try s.cli.run(["notify", "send"]).status == 3)
        let dead = try s.cli.run(["notify", "list", "--state", "dead", "--meeting", "m1", "--since", "2000-01-01", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(dead.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(try s.cli.run(["notify", "list", "--state", "dead", "--since", "2999-01-01", "--format", "csv"]).stdout
            .split(separator: "\r\n").count == 1)
        #expect(try s.cli.run(["notify", "list", "--state", "lost"]).status == 64)
        #expect(try s.cli.run(["notify", "retry", "999"]).status == 66)
        #expect(try s.cli.run(["notify", "retry", "--dead"]).status == 0)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "sent" })
    }

    @Test func retryNowSendsWhatWaitsOutABackoff() throws {
        let s = try setUp(actions: ["451"])
        defer { s.stop() }
        try schedule(s.cli)
        #expect(try s.cli.run(["notify", "send"]).status == 3)
        #expect(try s.cli.run(["notify", "send", "--format", "json"]).stdout.contains("\"sent\" : [\n\n  ]"))
        #expect(try s.cli.run(["notify", "send", "--retry-now"]).status == 0)
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "sent" })
    }

    @Test func aChangeAfterTheInvitationWasSentIsAnUpdatedInvitation() throws {
        let s = try setUp()
        defer { s.stop() }
        try schedule(s.cli)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        #expect(try s.cli.run(["meeting", "update", "m1", "--name", "Test-XRP 2"]).status == 0)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        let subjects = try s.smtp.messages().filter { $0["to"] as? String == "gogi@s.com" }.compactMap { $0["subject"] as? String }
        #expect(subjects.count == 2)
        #expect(subjects[0].hasPrefix("Invitation: Test-XRP @"))
        #expect(subjects[1].hasPrefix("Updated invitation: Test-XRP 2 @"))
    }

    @Test func messagesGoOutOnEmailConnectionsSessionsAtOnce() throws {
        // Every reply comes half a second late, so a session that is free takes the next message.
        let s = try setUp(actions: Array(repeating: "slow", count: 8))
        defer { s.stop() }
        try schedule(s.cli, key: "m1")
        try schedule(s.cli, name: "Second", key: "m2")
        // One session: each message waits for the one before (four messages, one port).
        let one = try s.cli.run(["notify", "send"], extraEnvironment: ["CMSCHED_EMAIL_CONNECTIONS": "1"])
        #expect(one.status == 0, "\(one.stderr)")
        let first = s.smtp.sessions()
        #expect(first.ports.count == 1 && first.atOnce == 1, "\(first)")
        // The default, two: two sessions, each kept alive, answered at the same time.
        try schedule(s.cli, name: "Third", key: "m3")
        try schedule(s.cli, name: "Fourth", key: "m4")
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        let both = s.smtp.sessions()
        #expect(both.ports.subtracting(first.ports).count == 2 && both.atOnce == 2, "\(both)")
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "sent" })
        #expect(try s.smtp.messages().count == 8)
        #expect(try s.cli.run(["config", "set", "email.connections", "9"]).status == 78)
    }

    @Test func aCallBridgeThatCannotBeReachedIsAskedOncePerSessionNotPerMessage() throws {
        let s = try setUp()
        defer { s.stop() }
        for index in 1...3 { try schedule(s.cli, name: "Meeting \(index)", key: "m\(index)") }
        _ = s.sim.stop()
        // Six messages; each ask waits out the client's four attempts (three retries) first.
        let result = try s.cli.run(["notify", "send", "--log-level", "info"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try outbox(s.cli).filter { $0["state"] as? String == "sent" }.count == 6)
        let retries = result.stderr.components(separatedBy: "Call Bridge request failed, retrying").count - 1
        #expect((3...6).contains(retries), "one ask per session at most, not one per message: \(result.stderr)")
        #expect(result.stderr.components(separatedBy: "go without the Call Bridge's text").count - 1 == 1, "\(result.stderr)")
        // The messages carry cmsched's own text (times and join details), not the Call Bridge's.
        let texts = try s.smtp.messages().compactMap { $0["text"] as? String }
        #expect(texts.count == 6)
        #expect(texts.allSatisfy { $0.contains("When: Tuesday, 3 December 2030 09:00 - 10:00 (Europe/Berlin)") && $0.contains("How to join") })
        #expect(!texts.contains { $0.contains("You are invited to") })
    }

    @Test(arguments: ["421", "451", "drop"])
    func transientFailuresAreRetriedAndNothingIsLost(action: String) throws {
        let s = try setUp(actions: [action])
        defer { s.stop() }
        try schedule(s.cli)
        let first = try s.cli.run(["notify", "send", "--format", "json"])
        #expect(first.status == 3, "\(first.stdout)")
        let rows = try outbox(s.cli)
        #expect(rows.map { $0["state"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["queued", "sent"])
        let retry = try #require(rows.first { $0["state"] as? String == "queued" })
        #expect(retry["attempts"] as? Int == 1)
        #expect((retry["lastError"] as? String)?.isEmpty == false)
        try makeDue(s.cli)
        #expect(try s.cli.run(["notify", "send"]).status == 0)
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "sent" })
        // A repeat carries the same Message-ID, so a calendar updates rather than duplicates.
        let ids = try s.smtp.messages().compactMap { $0["messageId"] as? String }
        #expect(Set(ids).count == 2)
    }

    @Test func aPermanentRefusalIsDeadLetteredWithTheReply() throws {
        let s = try setUp(actions: ["550"])
        defer { s.stop() }
        try schedule(s.cli)
        let result = try s.cli.run(["notify", "send"])
        #expect(result.status == 3)
        let dead = try #require(try outbox(s.cli).first { $0["state"] as? String == "dead" })
        #expect((dead["lastError"] as? String)?.contains("550 5.1.1 No such mailbox here") == true, "\(dead)")
        try makeDue(s.cli)
        #expect(try s.cli.run(["notify", "send", "--format", "json"]).stdout.contains("\"sent\" : [\n\n  ]"))
    }

    @Test func refusedCredentialsExit77AndKeepEveryRow() throws {
        let s = try setUp(smtpPassword: "wrong-password")
        defer { s.stop() }
        try schedule(s.cli)
        let result = try s.cli.run(["notify", "send"])
        #expect(result.status == 77)
        #expect(!result.stderr.contains("wrong-password"))
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "queued" && $0["attempts"] as? Int == 0 })
        #expect(try s.smtp.messages().isEmpty)
    }

    @Test func anUnknownCertificateAuthorityExits78() throws {
        var s = try setUp()
        defer { s.stop() }
        s.cli.environment["CMSCHED_EMAIL_TRUST"] = try TestPKI.make(commonName: "another CA").caFile
        try schedule(s.cli)
        let result = try s.cli.run(["notify", "send"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("TLS trust failure"))
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "queued" })
    }

    @Test func anUnreachableServerExits69() throws {
        let s = try setUp()
        defer { s.stop() }
        try schedule(s.cli)
        s.smtp.stop()
        let result = try s.cli.run(["notify", "send"])
        #expect(result.status == 69)
        #expect(try outbox(s.cli).allSatisfy { $0["state"] as? String == "queued" })
    }

    @Test func missingEmailSettingsExit78() throws {
        let cli = try CLI()
        let result = try cli.run(["notify", "send"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("email.server is not set"))
    }

    @Test func aSecondConcurrentSendExits75() throws {
        let s = try setUp()
        defer { s.stop() }
        let lock = try LockFile(beside: s.cli.path("data/cmsched/cmsched.sqlite"), job: "notify send")
        defer { lock.release() }
        let result = try s.cli.run(["notify", "send"])
        #expect(result.status == 75)
        #expect(result.stderr.contains("(notify send)"))
    }

    @Test func dryRunShowsWhatIsDueAndSendsNothing() throws {
        let s = try setUp()
        defer { s.stop() }
        try schedule(s.cli)
        let result = try s.cli.run(["notify", "send", "--dry-run", "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.split(whereSeparator: \.isNewline).count == 3)
        #expect(try s.smtp.messages().isEmpty)
    }
}
