@testable import CallBridgeSim
import Foundation
import GRDB
import Logging
import Testing
import TestSupport

@testable import SchedulerKit

/// The boundaries of issue "hardening": each test fails on the code before the fix.
@Suite("hardening: values, peers and faults at the boundaries", .serialized)
struct HardeningTests {
    @Test func aUserNameAndPasswordInAURLAreDroppedBeforeItIsShown() throws {
        #expect(TextRules.withoutUserInfo("c2w://user:secret@wb1.example.com:9999") == "c2w://wb1.example.com:9999")
        #expect(TextRules.withoutUserInfo("https://a@b:c@[::1]:443/path@x?q=@#@") == "https://[::1]:443/path@x?q=@#@")
        #expect(TextRules.withoutUserInfo("c2w://wb1.example.com:9999") == "c2w://wb1.example.com:9999")
        #expect(TextRules.withoutUserInfo("user:secret@host") == "user:secret@host", "no authority: left as it is")
        // As the Call Bridge lists a Web Bridge: the URL is kept without them from the start.
        let xml = try XMLTree.parse(Data("<webBridge id=\"w1\"><url>c2w://admin:hunter2@wb.example.com:9999</url></webBridge>".utf8))
        #expect(try WebBridge(id: "w1", xml: xml).url == "c2w://wb.example.com:9999")
    }

    func draft(_ edit: (inout MeetingFields) -> Void = { _ in }) throws -> MeetingDraft {
        try SchedulerFixture.fields(edit).draft(defaultZone: .current)
    }

    func badInput(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as CmschedError {
            return error.exitStatus == .badInput ? error.message : "exit \(error.exitStatus.rawValue): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    /// The example seed changed by `edit` (as JSON), written to a temporary file and loaded.
    static func seed(_ edit: (inout [String: Any]) -> Void) throws -> SimSeed {
        var document = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: RunningSimulator.exampleSeedPath))) as! [String: Any]
        edit(&document)
        let path = NSTemporaryDirectory() + "seed-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        return try SimSeed.load(path: path)
    }

    // MARK: 1. times the store cannot read back

    @Test(arguments: [
        ("start", "9999-12-31T23:30", "1h", nil as String?, "field start:"),
        ("start", "1969-12-31T23:00", "1h", nil, "field start:"),
        ("duration", "2199-12-31T23:30", "1h", nil, "field duration:"),
        ("count", "2190-01-01T09:00", "1h", "FREQ=YEARLY;COUNT=20", "field count:"),
        ("until", "2190-01-01T09:00", "1h", "FREQ=YEARLY;UNTIL=22500101T000000Z", "field until:"),
    ])
    func timesOutsideTheStoredRangeAreRefusedNamingTheField(
        field: String, start: String, duration: String, rrule: String?, message: String
    ) throws {
        let why = badInput {
            _ = try draft {
                $0.start = start
                $0.duration = duration
                $0.tz = "UTC"
                $0.rrule = rrule
            }
        }
        #expect(why?.hasPrefix(message) == true, "\(why ?? "accepted")")
    }

    @Test func theLastMomentOfTheRangeIsAccepted() throws {
        let made = try draft {
            $0.start = "2199-12-31T22:00"
            $0.duration = "1h"
            $0.tz = "UTC"
        }
        #expect(made.start.year == 2199)
    }

    @Test func aRowTheStoreCannotReadIsSkippedNotFatal() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let good = try await f.meeting { $0.name = "Good" }
        let bad = try await f.meeting { $0.name = "Poisoned" }
        try await f.store.pool.write { db in
            try db.execute(
                sql: #"UPDATE meeting SET start = '10000-01-01T00:30:00', durationSeconds = NULL WHERE id = ?"#,
                arguments: [bad.id])
        }
        let scan = try await f.store.meetings(in: [.scheduled])
        #expect(scan.meetings.map(\.id) == [good.id])
        #expect(scan.unreadable.map(\.id) == [bad.id])
        await #expect(throws: CmschedError.self) { try await f.store.meeting(reference: bad.id) }
        let (row, space) = try await #require(try f.store.unreadableMeeting(reference: bad.id))
        try await f.service.cancelUnreadable(row, space: space)
        await #expect(try f.store.meetings(in: [.scheduled]).unreadable.isEmpty)
        #expect(try await f.sim.client().coSpaces().contains { $0.id == bad.space.coSpaceId } == false)
    }

    // MARK: 2. each recipient sees only their own role

    @Test func eachCalendarCarriesOnlyItsRecipientsJoinDetails() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await f.meeting {
            $0.organizerRole = "InternalAccessMeth"
            $0.attendees = "gogi@s.com=ExternalAccessMeth"
        }
        let host = try #require(meeting.space.roles.first { $0.name == "InternalAccessMeth" }?.uri)
        let guest = try #require(meeting.space.roles.first { $0.name == "ExternalAccessMeth" }?.uri)
        let writer = ICalendarWriter(sipDomain: "s.com", webBaseURL: nil)
        let forGuest = writer.request([meeting], stamp: Date(), audience: .recipient("gogi@s.com"))
        #expect(forGuest.contains(guest) && !forGuest.contains(host))
        let forOrganizer = writer.request([meeting], stamp: Date(), audience: .recipient("saiacano@s.com"))
        #expect(forOrganizer.contains(host) && !forOrganizer.contains(guest))
        let export = writer.request([meeting], stamp: Date())
        #expect(export.contains(host) && !export.contains(guest))
        let everything = writer.request([meeting], stamp: Date(), audience: .allRoles)
        #expect(everything.contains(host) && everything.contains(guest))
    }

    // MARK: 3. addresses

    @Test(arguments: [
        "a@b.co", "first.last+tag@sub.example.com", "o'brien@example.ie", "x@xn--bcher-kva.example",
    ])
    func goodAddressesPass(address: String) {
        #expect(EmailAddress.isValid(address), "\(EmailAddress.problem(address) ?? "")")
    }

    @Test(arguments: [
        "evil@s.com\r\nRCPT TO:<x@y.com>", "a b@c.com", "a@b", "\"quoted\"@b.com", "a..b@c.com", ".a@b.com",
        "a@-b.com", "a@b..com", "a@bücher.example", "a@xn--zz-.example", "a@xn--a.example", "a@[127.0.0.1]",
        "ab@c.com\u{0}", "\(String(repeating: "x", count: 65))@b.com", "a@b.com>", "<a@b.com", "a@b,c.com",
    ])
    func badAddressesAreRefused(address: String) {
        #expect(!EmailAddress.isValid(address))
    }

    @Test func anInvalidEmailFromTheCallBridgeIsDroppedNotUsed() async throws {
        let seed = try HardeningTests.seed {
            var users = $0["users"] as! [[String: Any]]
            users[0]["email"] = "saiacano@s.com\r\nRCPT TO:<attacker@evil.example>"
            $0["users"] = users
        }
        let sim = try await RunningSimulator.start(seed: seed)
        defer { Task { try await sim.stop() } }
        let store = try SQLiteStore.open(path: NSTemporaryDirectory() + "cmsched-\(UUID().uuidString)/cmsched.sqlite")
        let service = MeetingService(client: sim.client(), store: store, logger: Logger(label: "test"))
        let (meeting, _) = try await service.create(try draft { $0.attendees = "gogi@s.com" })
        let recipients = try await store.notices(meetingId: meeting.id).map(\.recipient)
        #expect(recipients == ["gogi@s.com"])
    }

    // MARK: 4. credentials only over TLS or to loopback

    @Test(arguments: [
        ("https://cms.example.com:445", true), ("http://127.0.0.1:8080", true), ("http://127.1.2.3", true),
        ("http://localhost:1", true), ("http://[::1]:80", true), ("http://192.0.2.2:18080", false),
        ("http://cms.example.com", false), ("http://127.0.0.1.evil.example", false), ("ftp://127.0.0.1", false),
        ("http://[::2]:80", false), ("http://127.0.0.1:80@evil.example", false), ("http://evil.example#@127.0.0.1", false),
        ("http://evil.example?@127.0.0.1", false), ("HTTP://LOCALHOST:8080", true), ("https://", false), ("127.0.0.1", false),
        ("http://127.0.0.1 .evil.example", false), ("smtp://127.0.0.1:25", true), ("smtp://mail.example.com", false),
    ])
    func credentialsGoOnlyOverTLSOrToLoopback(url: String, allowed: Bool) {
        #expect(CredentialRule.permits(url) == allowed)
    }

    @Test func noCredentialsAreSentToAPlainHTTPPeerOffThisMachine() async throws {
        let transport = CurlTransport(options: CurlOptions(user: "api", password: "secret", connectTimeout: .milliseconds(200)))
        let request = HTTPClientRequest(method: "GET", url: "http://192.0.2.2:18080/api/v1/calls")
        await #expect(throws: TransportFailure.self) { _ = try await transport.send(request) }
        do {
            _ = try await transport.send(request)
        } catch let failure as TransportFailure {
            guard case .setup(let detail) = failure else { Issue.record("sent: \(failure)"); return }
            #expect(detail.contains("refusing to send credentials"))
        }
        let client = CallBridgeClient(baseURL: "https://cms.example.com", transport: transport)
        #expect(throws: CmschedError.self) { _ = try client.peer(at: "http://192.0.2.2:18080") }
    }

    @Test func aPeersHeaderFieldsAreReadFromItsBytes() {
        let block = Array(
            ("HTTP/1.1 201 Created\r\nLocation:  /api/v1/coSpaces/abc \r\nX-Twice: one\r\nx-twice:\ttwo\r\n"
                + "Content-Type: text/xml; charset=utf-8\r\nno colon here\r\nEmpty:\r\nHost:x:8080\r\nName: caf\u{E9}\r\n\r\n").utf8)
        #expect(headerFields(block) == [
            "location": "/api/v1/coSpaces/abc", "x-twice": "two", "content-type": "text/xml; charset=utf-8", "empty": "",
            "host": "x:8080", "name": "caf\u{E9}",
        ])
        #expect(headerFields([]) == [:])
    }

    @Test func formValuesAreEscapedAsFoundationEscapesThem() {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var generator = SystemRandomNumberGenerator()
        let scalars: [Unicode.Scalar] = (0..<128).compactMap(Unicode.Scalar.init) + ["é", "ß", "€", "\u{85}", "\u{200B}", "😀", "中"]
        var texts = ["", "a b", "a+b=c&d", "100%", "ümlaut", "Board Meeting #1", "\u{0}x\r\n"]
        texts += (0..<500).map { _ in String(String.UnicodeScalarView((0..<Int.random(in: 1...12, using: &generator)).map { _ in scalars.randomElement(using: &generator)! })) }
        for text in texts {
            #expect(FormEncoding.escape(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved), "\(text.debugDescription)")
            #expect(FormEncoding.decode(FormEncoding.encode([(text, text)])).first.map { [$0.0, $0.1] } == [text, text])
        }
    }

    // MARK: 5. an update of a meeting whose space is gone

    @Test func anUpdateOfAMeetingWhoseSpaceIsGoneIsRefused() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await f.meeting()
        try await f.sim.client().deleteCoSpaceIfPresent(id: try #require(meeting.space.coSpaceId))
        var renamed = meeting
        renamed.name = "Renamed"
        do {
            _ = try await f.service.update(meeting, to: renamed)
            Issue.record("updated")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .badInput)
            #expect(error.message.contains("no longer exists"))
        }
        await #expect(try f.store.notices(meetingId: meeting.id).allSatisfy { $0.sequence == 0 })
    }

    @Test func oneMeetingsGuardExcludesASecondHolder() async throws {
        let store = try SQLiteStore.open(path: NSTemporaryDirectory() + "guard-\(UUID().uuidString)/cmsched.sqlite")
        try await store.withMeetingGuard("m1") {
            await #expect(throws: CmschedError.self) { try await store.withMeetingGuard("m1", wait: .zero) {} }
            try await store.withMeetingGuard("m2", wait: .zero) {}
        }
        try await store.withMeetingGuard("m1", wait: .zero) {}
    }

    // MARK: 6. control characters

    @Test(arguments: ["Board\u{0}", "Board\u{B}", "Board\u{1B}[31m", "Board\u{7F}", "Board\u{85}", "Line\nbreak"])
    func controlCharactersInNamesAreRefused(name: String) {
        let why = badInput { _ = try draft { $0.name = name } }
        #expect(why?.hasPrefix("field name: control character") == true, "\(why ?? "accepted")")
    }

    @Test func markupFollowedByACombiningMarkIsStillEscaped() throws {
        let name = "R&\u{301}D <\u{308}team> \"\u{20DD}q\""
        let written = SimXML(name: "coSpace", attributes: ["id": name], text: name).document
        let parsed = try XMLTree.parse(Data(written.utf8))
        #expect(parsed.text == name && parsed.attributes["id"] == name)
    }

    @Test func errorTextEscapesControlCharacters() {
        #expect(TextRules.escapingControls("a\r\nb\u{1B}") == "a\\r\\nb\\u{1B}")
        #expect(TextRules.escapingControls("plain ü") == "plain ü")
    }

    // MARK: 8. DST

    @Test func aDurationAcrossTheFallBackIsElapsedTime() throws {
        let made = try draft {
            $0.start = "2027-10-31T02:30"
            $0.duration = "1h"
            $0.tz = "Europe/Berlin"
        }
        #expect(made.duration == 3_600)
        let zone = TimeZone(identifier: "Europe/Berlin")!
        // The first 02:30 (CEST, +02:00) is 00:30Z.
        #expect(made.start.instant(in: zone) == Date(timeIntervalSince1970: 1_824_942_600))
        let skipped = LocalDateTime(year: 2027, month: 3, day: 28, hour: 2, minute: 30)
        #expect(LocalDateTime(skipped.instant(in: zone), in: zone) == LocalDateTime(year: 2027, month: 3, day: 28, hour: 3, minute: 30))
    }

    @Test func anAmbiguousEndIsWrittenAsADuration() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await f.meeting {
            $0.start = "2027-10-31T02:30"
            $0.duration = "1h"
        }
        let stored = try await #require(try f.store.meeting(reference: meeting.id))
        #expect(stored.duration == 3_600)
        let text = ICalendarWriter(sipDomain: nil, webBaseURL: nil).request([stored], stamp: Date())
        #expect(text.contains("DURATION:PT1H"))
        #expect(!text.contains("DTEND"))
    }

    @Test(arguments: [
        (1970, 1, 1, 0, 0, 0), (2024, 2, 29, 23, 59, 59), (2199, 12, 31, 23, 0, 0), (2000, 3, 1, 12, 0, 0),
    ])
    func wallClockRoundTripsThroughUTC(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let utc = TimeZone(identifier: "UTC")!
        #expect(LocalDateTime(local.instant(in: utc), in: utc) == local)
    }

    @Test func rfc3339TextMatchesFoundationsFormatterAcrossZonesAndYears() {
        var random = SplitMix64(seed: 7)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for zoneName in ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "America/Los_Angeles"] {
            let zone = TimeZone(identifier: zoneName)!
            formatter.timeZone = zone
            for _ in 0..<200 {
                let date = Date(timeIntervalSince1970: Double(Int.random(in: 0..<7_258_118_400, using: &random)))
                #expect(RFC3339.string(date, in: zone) == formatter.string(from: date), "\(zoneName) \(date)")
            }
        }
    }

    @Test(arguments: [
        ("2026-12-01T09:00", true), ("2026-12-01 09:00:30", true), ("20261201T090000", true), ("2024-02-29T00:00", true),
        ("2023-02-29T00:00", false), ("2026-13-01T09:00", false), ("2026-12-01T24:00", false), ("2026-12-01T09:00Z", false),
        ("2026-12-1T09:00", false), ("２026-12-01T09:00", false), ("", false),
    ])
    func localTimesParseOnlyInTheirShapes(text: String, valid: Bool) {
        #expect((LocalDateTime(iso: text) != nil) == valid, "\(text)")
    }

    // MARK: 9, 13. bulk input

    @Test func jsonLinesWithCRLFAreRead() throws {
        let text = "{\"name\": \"A\"}\r\n{\"name\": \"B\"}\r\n"
        let rows = Array(try BulkInput.rows(Data(text.utf8), source: "m.jsonl", defaults: MeetingFields()))
        #expect(try rows.map { try $0.fields.get().name } == ["A", "B"])
        #expect(rows.map(\.line) == [1, 2])
    }

    @Test func aLineThatIsNotUTF8FailsAloneNamingItsLine() throws {
        var csv = Data("name,start\nA,2030-01-01T09:00\nB".utf8)
        csv.append(contentsOf: [0xFF, 0xFE])
        csv.append(Data(",2030-01-01T09:00\nC,2030-01-01T09:00\n".utf8))
        let rows = Array(try BulkInput.rows(csv, source: "m.csv", defaults: MeetingFields()))
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(try rows[0].fields.get().name == "A")
        guard case .failure(let error) = rows[1].fields else { Issue.record("bad line accepted"); return }
        #expect(error.message == "m.csv:3: not UTF-8 text")
        #expect(try rows[2].fields.get().name == "C")
    }

    @Test func aColumnNamedTwiceIsRefused() {
        #expect(throws: CmschedError.badInput("m.csv:1: column 'name' appears twice in the header")) {
            _ = try BulkInput.rows(Data("name,start,name\nA,B,C\n".utf8), source: "m.csv", defaults: MeetingFields())
        }
    }

    // MARK: 10. the organizer is added once

    @Test func aMembershipPostThatLandsLateIsReconciledNotRepeated() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let base = CurlTransport(options: CurlOptions(user: f.sim.seed.user, password: f.sim.seed.password))
        let late = LateFirstPost(base, path: "/coSpaceUsers", delay: .milliseconds(400))
        let client = CallBridgeClient(baseURL: f.sim.url, transport: late, retry: RetryPolicy(baseDelay: .milliseconds(20)))
        let service = MeetingService(client: client, store: f.store, logger: f.logger)
        let (meeting, _) = try await service.create(try draft())
        let members = try await f.sim.client().coSpaceUsers(coSpace: try #require(meeting.space.coSpaceId))
        #expect(members.map(\.userJid) == ["saiacano@s.com"])
        #expect(meeting.space.organizerMember == members.first?.id)
    }

    @Test func aResumedRunLooksForTheMemberItMayHaveAdded() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await f.meeting()
        var space = meeting.space
        space.organizerMember = Space.memberPosting
        space.state = .creating
        try await f.store.save(space)
        try await SpaceProvisioner(client: f.sim.client(), store: f.store, logger: f.logger).provision(&space)
        let members = try await f.sim.client().coSpaceUsers(coSpace: try #require(space.coSpaceId))
        #expect(members.count == 1)
    }

    @Test func anAccessMethodWhoseCallIdIsTakenIsMadeWithAnother() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let first = try await f.meeting()
        let taken = try #require(first.space.roles.first { $0.accessMethodId != nil && $0.callId != nil }?.callId)
        // A second space whose access methods are still to be made, the first planned with a call
        // ID the Call Bridge already has (random ones meet in a store of thousands).
        var space = try await f.meeting { $0.name = "Second" }.space
        space.coSpaceId = try await f.sim.client().createCoSpace([("name", "Second again")])
        space.state = .creating
        for index in space.roles.indices where space.roles[index].id != Role.spaceRole {
            space.roles[index].accessMethodId = nil
            space.roles[index].uri = space.roles[index].uri.map { $0 + ".again" }
        }
        let clashing = try #require(space.roles.firstIndex { $0.id != Role.spaceRole && $0.callId != nil })
        space.roles[clashing].callId = taken
        try await f.store.save(space)
        try await SpaceProvisioner(client: f.sim.client(), store: f.store, logger: f.logger).provision(&space)
        let made = try await f.sim.client().accessMethods(coSpace: try #require(space.coSpaceId))
        let role = space.roles[clashing]
        #expect(role.callId != taken)
        #expect(made.first { $0.id == role.accessMethodId }?.callId == role.callId)
        #expect(made.count == space.roles.filter { $0.id != Role.spaceRole }.count)
    }

    @Test func aResumedRunTakesTheCallIdOfTheAccessMethodItFinds() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        var space = try await f.meeting().space
        let index = try #require(space.roles.firstIndex { $0.id != Role.spaceRole && $0.callId != nil })
        let made = space.roles[index]
        // A run stopped after a retried POST: the store still has the call ID first planned.
        space.roles[index].accessMethodId = nil
        space.roles[index].callId = "100000001"
        space.state = .creating
        try await f.store.save(space)
        try await SpaceProvisioner(client: f.sim.client(), store: f.store, logger: f.logger).provision(&space)
        #expect(space.roles[index].accessMethodId == made.accessMethodId)
        #expect(space.roles[index].callId == made.callId)
    }

    // MARK: 11. locks follow the file, not the path

    @Test func aSymlinkToTheDatabaseTakesTheSameLock() throws {
        let folder = NSTemporaryDirectory() + "lock-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let real = folder + "/cmsched.sqlite"
        _ = FileManager.default.createFile(atPath: real, contents: nil)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.sqlite", withDestinationPath: real)
        let held = try LockFile(beside: real, job: "meeting create")
        defer { held.release() }
        let holder = try String(contentsOfFile: held.path, encoding: .utf8)
        #expect(holder.range(of: #"^pid \d+ \(meeting create\) since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$"#, options: .regularExpression) != nil, "\(holder)")
        #expect(throws: CmschedError.self) { _ = try LockFile(beside: folder + "/link.sqlite", job: "meeting create") }
        #expect(throws: CmschedError.self) { _ = try LockFile(beside: folder + "/./cmsched.sqlite", job: "meeting create") }
    }

    // MARK: 12. the exit code of a bulk run

    @Test func aBulkRunWhereEveryRowFailedExitsWithTheWorstKind() {
        func report(_ failure: CmschedError?) -> BulkRowReport {
            BulkRowReport(line: 2, status: failure == nil ? .created : .failed, failure: failure)
        }
        #expect(BulkTally([report(.badInput("x")), report(.permission("401"))]).outcome?.exitStatus == .permission)
        #expect(BulkTally([report(.unavailable("down")), report(.badInput("x"))]).outcome?.exitStatus == .unavailable)
        #expect(BulkTally([report(.ioError("disk full"))]).outcome?.exitStatus == .ioError)
        #expect(BulkTally([report(.badInput("x")), report(.badInput("y"))]).outcome?.exitStatus == .badInput)
        #expect(BulkTally([report(nil), report(.permission("401"))]).outcome?.exitStatus == .partial)
        #expect(BulkTally([report(nil)]).outcome == nil)
    }

    // MARK: 13. smaller things

    @Test func longSubjectsAreFoldedIntoShortLines() {
        let subject = HeaderEncoding.encode(String(repeating: "Quarterly planning ", count: 100))
        #expect(subject.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(subject.components(separatedBy: "\r\n").dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let word = HeaderEncoding.encode(String(repeating: "x", count: 2_000))
        #expect(word.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test func theDatabaseIsPrivate() throws {
        let folder = NSTemporaryDirectory() + "perm-\(UUID().uuidString)/data"
        _ = try SQLiteStore.open(path: folder + "/cmsched.sqlite")
        let file = try FileManager.default.attributesOfItem(atPath: folder + "/cmsched.sqlite")
        let directory = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aCertificateFileHoldingGarbageIsRefused() throws {
        let path = NSTemporaryDirectory() + "garbage-\(UUID().uuidString).pem"
        try "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CmschedError.self) { try CertificateCheck.certificates(path, for: "callbridge.ca_file") }
        let pki = try TestPKI.make()
        _ = try CertificateCheck.certificates(pki.caFile, for: "callbridge.ca_file")
    }

    @Test func tomlIntegersAndBooleansAreAcceptedWhereTheyFit() throws {
        let file = try ConfigFile.parse(
            "[callbridge]\nconcurrency = 4\ntimeout = 45\n[email]\nport = 587\nstarttls = false\n", source: "t.toml")
        #expect(file.values[.callBridgeConcurrency] == "4")
        #expect(file.values[.callBridgeTimeout] == "45s")
        #expect(file.values[.emailPort] == "587")
        #expect(file.values[.emailStartTLS] == "disable")
        #expect(throws: CmschedError.self) { try ConfigFile.parse("[callbridge]\nuser = 4\n", source: "t.toml") }
    }

    // MARK: authorization as the web app has it

    @Test func aTemplateNotAssignedToTheOrganizerIsRefusedUnlessOverridden() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let ivrman = try draft { $0.organizer = "ivrman@s.com" }
        do {
            _ = try await f.service.create(ivrman)
            Issue.record("created")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .permission)
            #expect(error.message.contains("CoSpaceTemp-Scheduler") && error.message.contains("ivrman@s.com"))
        }
        let (made, _) = try await f.service.create(ivrman, adminOverride: true)
        #expect(made.override == MeetingPlanner.anyTemplateOverride)
        await #expect(try f.store.meeting(reference: made.id)?.override == MeetingPlanner.anyTemplateOverride)
        let (own, _) = try await f.service.create(try draft())
        #expect(own.override == nil)
    }

    @Test func anExistingSpaceIsBookedOnlyByAMember() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let booking = try draft {
            $0.template = nil
            $0.space = "saiacano.space"
            $0.organizer = "gogi@s.com"
        }
        await #expect(throws: CmschedError.accessRefused(
            rule: .notMember, message: "gogi@s.com is not a member of space 'Saiacano's space'; add them as a member, or book with the admin override")
        ) { _ = try await f.service.create(booking) }
        #expect(try await f.service.create(booking, adminOverride: true).0.override != nil)
    }
}

/// Sends the first POST to `path` late (after `delay`, in the background) and reports it as timed
/// out at once: a server that applies a request after the client gave up on it.
final class LateFirstPost: HTTPTransport, @unchecked Sendable {
    private let base: any HTTPTransport
    private let path: String
    private let delay: Duration
    private let lock = NSLock()
    private var fired = false

    init(_ base: any HTTPTransport, path: String, delay: Duration) {
        self.base = base
        self.path = path
        self.delay = delay
    }

    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let first = request.method == "POST" && request.url.hasSuffix(path) && lock.withLock { !fired && { fired = true; return true }() }
        guard first else { return try await base.send(request) }
        Task { [base, delay] in
            try await Task.sleep(for: delay)
            _ = try await base.send(request)
        }
        throw TransportFailure.interrupted("operation timed out (test)")
    }
}

