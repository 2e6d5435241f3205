import CallBridgeSim
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

@testable import SchedulerKit

/// What every store engine promises (`MeetingStore`, `OutboxStore`, `ChangeFeed`, `APIUserStore`,
/// `StoreHealth`), run against SQLite and PostgreSQL alike.
@Suite("store contract, on SQLite and PostgreSQL")
struct StoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_893_456_000)

    static func space(_ id: String, coSpace: String? = nil) -> Space {
        var space = Space(
            id: id, kind: coSpace == nil ? .existing : .temporary, state: .ready, coSpaceId: coSpace ?? "c-\(id)", templateId: "t1",
            organizer: "o@s.com", name: "S \(id)",
            roles: [Role(id: "chair", name: "Chair", passcode: "1234"), Role(id: Role.spaceRole, name: Role.spaceRole)],
            createdAt: now)
        space.uri = "space.\(id)"
        return space
    }

    static func meeting(_ id: String, key: String? = nil, state: Meeting.State = .scheduled, day: Int = 1, space: Space? = nil) -> Meeting {
        Meeting(
            id: id, key: key, uid: "\(id)@cmsched", state: state, name: "Meeting \(id)", organizer: "o@s.com",
            organizerRole: Role.spaceRole, start: LocalDateTime(year: 2030, month: 1, day: day, hour: 9),
            duration: 3_600, timeZone: "Europe/Berlin", recurrence: nil, exceptions: [],
            sequence: 0, attendees: [Attendee(email: "b@s.com", role: "chair"), Attendee(email: "a@s.com", role: Role.spaceRole)],
            space: space ?? Self.space("s-\(id)"), createdAt: now.addingTimeInterval(Double(day)), updatedAt: now)
    }

    /// Runs `sql` on the store's database, behind the store's back (a row another cmsched wrote).
    static func execute(_ store: any SchedulerStore, _ sql: String) async throws {
        if let store = store as? SQLiteStore {
            try await store.pool.write { try $0.execute(sql: sql) }
        } else if let store = store as? PostgresStore {
            try await store.withConnection { _ = try await $0.query(.init(unsafeSQL: sql), logger: store.logger) }
        }
    }

    @Test(arguments: StoreEngine.allCases)
    func aSavedMeetingReadsBackWholeByIdKeyAndPrefix(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        let meeting = Self.meeting("0190aaaa-1111-7000-8000-000000000001", key: "k-1")
        try await store.save(meeting, notices: [Notice(recipient: "a@s.com", method: .request)], now: Self.now)
        let read = try #require(try await store.meeting(reference: meeting.id))
        #expect(read == meeting)
        #expect(try await store.meeting(reference: "k-1") == meeting)
        #expect(try await store.meeting(reference: "0190AAAA-1111") == meeting)
        #expect(try await store.meeting(key: "k-1")?.attendees.map(\.email) == ["b@s.com", "a@s.com"])
        #expect(try await store.meeting(reference: "0190aaa") == nil)
        #expect(try await store.meeting(reference: "0190aa%_") == nil)
        #expect(try await store.notices(meetingId: meeting.id).map(\.recipient) == ["a@s.com"])
        #expect(try await store.schemaVersion() == StoreSchema.currentVersion)
        #expect(try await store.checkResponsive() == StoreSchema.currentVersion)
    }

    @Test(arguments: StoreEngine.allCases)
    func aPrefixOfTwoIdsIsRefusedAndListingsFollowTheWindow(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        for (index, id) in ["0190bbbb-0000-7000-8000-000000000001", "0190bbbb-0000-7000-8000-000000000002"].enumerated() {
            try await store.save(Self.meeting(id, day: 1 + index * 10), notices: [], now: Self.now)
        }
        await #expect(throws: CmschedError.self) { try await store.meeting(reference: "0190bbbb-0000") }
        let all = try await store.meetings(in: [.scheduled])
        #expect(all.meetings.count == 2 && all.unreadable.isEmpty)
        let first = try await store.meetings(
            in: [.scheduled], from: Date(timeIntervalSince1970: 1_893_456_000), until: Date(timeIntervalSince1970: 1_893_456_000 + 5 * 86_400))
        #expect(first.meetings.map(\.id) == ["0190bbbb-0000-7000-8000-000000000001"])
        #expect(try await store.meetings(in: [.cancelled]).meetings.isEmpty)
        #expect(try await store.meetings(ids: ["0190bbbb-0000-7000-8000-000000000002", "none"]).meetings.count == 1)
        #expect(try await store.meetingsUsing(template: "t1") == 2)
        #expect(try await store.meetingsUsing(template: "t2") == 0)
    }

    @Test(arguments: StoreEngine.allCases)
    func aKeyIsTakenOnceAndAClaimLapsesOnlyAsItsRulesSay(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        var first = Self.meeting("m1", key: "k", state: .creating, space: Self.space("s1", coSpace: "cs1"))
        first.space.state = .creating
        #expect(try await store.insert(first, claim: .ofAGoneProcess))
        var second = Self.meeting("m2", key: "k", state: .creating, space: Self.space("s2", coSpace: "cs2"))
        second.uid = "other@cmsched"
        #expect(try await store.insert(second, claim: .ofAGoneProcess) == false)
        #expect(try await store.meeting(reference: "m2") == nil)
        #expect(try await store.temporarySpaceIndex().isEmpty == false)
        // A live holder elsewhere holds until its claim expires; a gone one's is taken at once.
        let elsewhere = Claim(holder: ClaimHolder(host: "other", boot: "b", pid: 7, started: 1), expires: Self.now.addingTimeInterval(60))
        let mine = Claim(holder: .current, expires: Self.now.addingTimeInterval(900))
        #expect(try await store.claimCreating(meetingId: "m1", as: elsewhere, now: Self.now)?.id == "m1")
        #expect(try await store.claimCreating(meetingId: "m1", as: mine, now: Self.now) == nil)
        #expect(try await store.claimCreating(meetingId: "m1", as: mine, now: Self.now.addingTimeInterval(61))?.id == "m1")
        #expect(try await store.creationClaim(meetingId: "m1")?.holder == .current)
        #expect(try await store.creatingClaims().map(\.meetingId) == ["m1"])
        try await store.releaseClaim(meetingId: "m1", holder: .current)
        #expect(try await store.creationClaim(meetingId: "m1") == nil)
        var done = first
        done.state = .scheduled
        try await store.schedule(done, notices: [Notice(recipient: "a@s.com", method: .request)], now: Self.now)
        #expect(try await store.creatingClaims().isEmpty)
        #expect(try await store.meeting(reference: "m1")?.state == .scheduled)
        try await store.discard(Self.meeting("none"))
    }

    @Test(arguments: StoreEngine.allCases)
    func twoTasksInsertingOneKeyAtOnceRecordOneMeeting(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<6 {
                var meeting = Self.meeting("race-\(index)", key: "same", state: .creating, space: Self.space("rs\(index)", coSpace: "rc\(index)"))
                meeting.uid = "race-\(index)@cmsched"
                group.addTask { try await store.insert(meeting, claim: .ofAGoneProcess) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try await store.creatingClaims().count == 1)
    }

    @Test(arguments: StoreEngine.allCases)
    func theMeetingGuardExcludesOthersAndIsLetGoAfterAFailure(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        try await store.withMeetingGuard("m1") {
            await #expect(throws: CmschedError.self) { try await store.withMeetingGuard("m1", wait: .zero) {} }
            try await store.withMeetingGuard("m2", wait: .zero) {}
        }
        await #expect(throws: TestStoreError.self) { try await store.withMeetingGuard("m1", wait: .zero) { throw TestStoreError("body") } }
        #expect(try await store.withMeetingGuard("m1", wait: .zero) { 7 } == 7)
    }

    @Test(arguments: StoreEngine.allCases)
    func aRowWithAStateThisBuildDoesNotKnowIsUnreadableNotAnotherState(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        try await store.save(Self.meeting("good", day: 2), notices: [], now: Self.now)
        try await store.save(Self.meeting("odd", day: 3), notices: [], now: Self.now)
        try await Self.execute(store, "UPDATE meeting SET timeZone = 'Mars/Olympus' WHERE id = 'odd'")
        let scan = try await store.meetings(in: [.scheduled])
        #expect(scan.meetings.map(\.id) == ["good"])
        #expect(scan.unreadable.map(\.id) == ["odd"])
        await #expect(throws: CmschedError.self) { try await store.meeting(reference: "odd") }
        #expect(try await store.unreadableMeeting(reference: "odd")?.space.roles.count == 2)
        try await store.markCancelled(meetingId: "odd", now: Self.now)
        #expect(try await store.meetings(in: [.scheduled]).unreadable.isEmpty)
    }

    @Test(arguments: StoreEngine.allCases)
    func theOutboxHandsEachRowToOneSenderAndKeepsTheNewestPerRecipient(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        var meeting = Self.meeting("m1")
        let recipients = (0..<40).map { "r\($0)@s.com" }
        try await store.save(meeting, notices: recipients.map { Notice(recipient: $0, method: .request) }, now: Self.now)
        meeting.sequence = 1
        try await store.save(meeting, notices: [Notice(recipient: "r0@s.com", method: .request)], now: Self.now)
        #expect(try await store.outboxCounts() == ["queued": 41])
        #expect(try await store.dueOutbox(limit: 100, now: Self.now).count == 40)
        // Four senders at once: every row once, none twice.
        let claimed = try await withThrowingTaskGroup(of: [OutboxEntry].self) { group in
            for _ in 0..<4 { group.addTask { try await store.claimOutbox(limit: 15, now: Self.now, lease: 300) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 40 && Set(claimed.map(\.id)).count == 40)
        #expect(claimed.first { $0.recipient == "r0@s.com" }?.sequence == 1)
        #expect(try await store.outbox(OutboxFilter(states: ["superseded"])).count == 1)
        let (sent, retried, dead) = (claimed[0], claimed[1], claimed[2])
        try await store.markSent(sent.id, at: Self.now)
        #expect(try await store.markRetry(retried.id, error: "451 later", next: Self.now.addingTimeInterval(60), maxAttempts: 5) == false)
        try await store.markDead(dead.id, error: "550 no such user")
        try await store.releaseOutbox(claimed.dropFirst(3).map(\.id))
        #expect(try await store.outboxCounts() == ["queued": 38, "sent": 1, "dead": 1, "superseded": 1])
        #expect(try await store.invitedRecipients(meetingIds: ["m1"]) == ["m1": [sent.recipient]])
        #expect(try await store.requeueDead(ids: [dead.id], now: Self.now) == 1)
        try await store.expireBackoff(now: Self.now)
        #expect(try await store.claimOutbox(limit: 100, now: Self.now, lease: 300).count == 39)
        // A crashed sender's rows come back when the lease ends.
        #expect(try await store.claimOutbox(limit: 100, now: Self.now.addingTimeInterval(301), lease: 300).count == 39)
        #expect(try await store.outbox(OutboxFilter(meetingId: "m1", since: Self.now)).count == 41)
    }

    @Test(arguments: StoreEngine.allCases)
    func everyWriteOfAScheduledMeetingIsInTheChangeLog(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        let before = try await store.lastMeetingChange()
        var creating = Self.meeting("c1", state: .creating, space: Self.space("cs", coSpace: "cc"))
        _ = try await store.insert(creating, claim: .ofAGoneProcess)
        #expect(try await store.lastMeetingChange() == before)
        creating.state = .scheduled
        try await store.schedule(creating, notices: [], now: Self.now)
        try await store.save(Self.meeting("c2"), notices: [], now: Self.now)
        let changes = try await store.meetingChanges(after: before)
        #expect(changes.map(\.change.meetingId) == ["c1", "c2"])
        #expect(changes[0].attendees == ["a@s.com", "b@s.com"])
        #expect(changes[0].change.seq < changes[1].change.seq)
        try await store.pruneMeetingChanges(keeping: 1)
        #expect(try await store.meetingChanges(after: 0).map(\.change.meetingId) == ["c2"])
    }

    @Test(arguments: StoreEngine.allCases)
    func aMeetingsHistorySaysWhenThroughWhichPathAndByWhom(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        var meeting = Self.meeting("h1")
        try await store.save(meeting, notices: [], now: Self.now)
        meeting.name = "Renamed"
        meeting.updatedAt = Self.now.addingTimeInterval(60)
        try await ChangeOrigin.$current.withValue(ChangeOrigin(.https, user: "portal")) {
            try await store.save(meeting, notices: [], now: Self.now)
        }
        try await ChangeOrigin.$current.withValue(ChangeOrigin(.c2w, user: "u@s.com")) {
            try await store.markCancelled(meetingId: "h1", now: Self.now.addingTimeInterval(120))
        }
        try await store.save(Self.meeting("h2"), notices: [], now: Self.now)
        let history = try await store.meetingHistory(meetingId: "h1", limit: 10)
        #expect(history.map(\.origin?.path) == [.c2w, .https, .cli])
        #expect(history.map(\.origin?.user) == ["u@s.com", "portal", ChangeOrigin.current.user])
        #expect(history.map(\.at) == [120, 60, 0].map { Self.now.addingTimeInterval($0) })
        #expect(try await store.meetingHistory(meetingId: "h1", limit: 1).count == 1)
        // A change logged before the path was kept (a row of schema v8) has no origin, not a made-up one.
        try await Self.execute(store, "UPDATE meetingChange SET via = NULL WHERE meetingId = 'h2'")
        #expect(try await store.meetingHistory(meetingId: "h2", limit: 10).map(\.origin) == [nil])
    }

    @Test(arguments: StoreEngine.allCases)
    func theNewestOutboxRowsOfAStateComeNewestFirst(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        let meeting = Self.meeting("n1")
        try await store.save(meeting, notices: (1...5).map { Notice(recipient: "r\($0)@s.com", method: .request) }, now: Self.now)
        let all = try await store.outbox(OutboxFilter(meetingId: "n1"))
        #expect(all.map(\.recipient) == (1...5).map { "r\($0)@s.com" })
        let newest = try await store.outbox(OutboxFilter(states: ["queued"], meetingId: "n1", newest: 2))
        #expect(newest.map(\.recipient) == ["r5@s.com", "r4@s.com"])
        #expect(try await store.outbox(OutboxFilter(states: ["dead"], newest: 2)).isEmpty)
    }

    @Test(arguments: StoreEngine.allCases)
    func apiUsersAreAddedChangedAndRemoved(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        #expect(try await store.setAPIUser("ops", passwordHash: "h1", role: nil, at: "2030-01-01T00:00:00Z"))
        #expect(try await store.apiUserCredentials("ops")?.role == APIRole.newUser.rawValue)
        #expect(try await store.setAPIUser("ops", passwordHash: "h2", role: .viewer, at: "2030-01-02T00:00:00Z") == false)
        #expect(try await store.apiUserCredentials("ops")?.hash == "h2")
        // A new password alone keeps the role.
        #expect(try await store.setAPIUser("ops", passwordHash: "h3", role: nil, at: "2030-01-03T00:00:00Z") == false)
        #expect(try await store.apiUserCredentials("ops")?.role == "viewer")
        #expect(try await store.apiUsers().map(\.updatedAt) == ["2030-01-03T00:00:00Z"])
        #expect(try await store.apiUsers().map(\.role) == ["viewer"])
        #expect(try await store.removeAPIUser("ops"))
        #expect(try await store.removeAPIUser("ops") == false)
        #expect(try await store.apiUserCredentials("ops") == nil)
    }
}

/// `ClusterStore`: what several `serve` instances of one store share.
@Suite("cluster store, on SQLite and PostgreSQL")
struct ClusterStoreContractTests {
    static let now = StoreContractTests.now

    @Test(arguments: StoreEngine.allCases)
    func heartbeatsAreKeptPerInstanceAndRemovedByTheirOwnProcess(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        var a = SchedulerInstance(
            instance: "sched-a", host: "host-a", pid: 10, version: "0.1.0", started: Self.now, lastSeen: Self.now, linksUp: 2,
            linksTotal: 3, https: "0.0.0.0:9443")
        try await store.heartbeat(a)
        a.lastSeen = Self.now.addingTimeInterval(5)
        a.linksUp = 3
        // Each link as the operations pages show another scheduler's (whole seconds: the JSON's).
        a.links = [
            .init(url: "c2w://wb1.example.com:9999", up: true, since: Self.now, reason: "connection closed", pingMilliseconds: 1.25),
            .init(url: "c2w://wb2.example.com:9999", up: false, since: Self.now.addingTimeInterval(3), reason: "TLS: \"bad\" <cert>", pingMilliseconds: nil),
        ]
        try await store.heartbeat(a)
        try await store.heartbeat(SchedulerInstance(instance: "sched-b", host: "host-b", pid: 20, version: "0.1.0", started: Self.now, lastSeen: Self.now))
        #expect(try await store.instances() == [a, SchedulerInstance(
            instance: "sched-b", host: "host-b", pid: 20, version: "0.1.0", started: Self.now, lastSeen: Self.now)])
        #expect(a.isStale(at: Self.now.addingTimeInterval(36)) && !a.isStale(at: Self.now.addingTimeInterval(34)))
        try await store.removeInstance("sched-a", host: "host-a", pid: 99)
        #expect(try await store.instances().count == 2)
        // Links text no cmsched wrote reads as none, never refusing the heartbeat.
        try await StoreContractTests.execute(store, "UPDATE schedulerInstance SET links = '{not json' WHERE instance = 'sched-a'")
        #expect(try await store.instances().first?.links == [])
        try await store.removeInstance("sched-a", host: "host-a", pid: 10)
        #expect(try await store.instances().map(\.instance) == ["sched-b"])
    }

    @Test(arguments: StoreEngine.allCases)
    func aLeaseHasOneHolderUntilItExpires(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        let ttl: TimeInterval = 20
        #expect(try await store.acquireLease("cleanup", holder: "a", until: Self.now.addingTimeInterval(ttl), now: Self.now))
        #expect(try await store.acquireLease("cleanup", holder: "b", until: Self.now.addingTimeInterval(ttl), now: Self.now.addingTimeInterval(5)) == false)
        #expect(try await store.acquireLease("cleanup", holder: "a", until: Self.now.addingTimeInterval(25), now: Self.now.addingTimeInterval(5)))
        #expect(try await store.leaseHolder("cleanup", now: Self.now.addingTimeInterval(24)) == "a")
        // a stops renewing: once it expired, b takes it, and a's renewal is refused.
        #expect(try await store.leaseHolder("cleanup", now: Self.now.addingTimeInterval(26)) == nil)
        #expect(try await store.acquireLease("cleanup", holder: "b", until: Self.now.addingTimeInterval(46), now: Self.now.addingTimeInterval(26)))
        #expect(try await store.acquireLease("cleanup", holder: "a", until: Self.now.addingTimeInterval(47), now: Self.now.addingTimeInterval(27)) == false)
        try await store.releaseLease("cleanup", holder: "a")
        #expect(try await store.leaseHolder("cleanup", now: Self.now.addingTimeInterval(27)) == "b")
        try await store.releaseLease("cleanup", holder: "b")
        #expect(try await store.leaseHolder("cleanup", now: Self.now.addingTimeInterval(27)) == nil)
    }

    @Test(arguments: StoreEngine.allCases)
    func schedulersTakingALeaseAtOnceGetOneHolder(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        let taken = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<6 {
                group.addTask { try await store.acquireLease("cleanup", holder: "s\(index)", until: Self.now.addingTimeInterval(20), now: Self.now) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(taken.filter { $0 }.count == 1)
    }

    @Test(arguments: StoreEngine.allCases)
    func aDaysRunFinishesOnceAndAnUnfinishedOneIsTakenOver(engine: StoreEngine) async throws {
        let store = try await TestStores.open(engine)
        #expect(try await store.claimJobRun("cleanup", day: "2030-01-01", holder: "a", now: Self.now))
        #expect(try await store.claimJobRun("cleanup", day: "2030-01-01", holder: "a", now: Self.now))
        try await store.finishJobRun("cleanup", day: "2030-01-01", holder: "a", summary: "3 deleted", now: Self.now)
        #expect(try await store.claimJobRun("cleanup", day: "2030-01-01", holder: "b", now: Self.now) == false)
        // a dies during the next day's run: b, now the leader, runs it again.
        #expect(try await store.claimJobRun("cleanup", day: "2030-01-02", holder: "a", now: Self.now))
        #expect(try await store.claimJobRun("cleanup", day: "2030-01-02", holder: "b", now: Self.now.addingTimeInterval(40)))
        try await store.finishJobRun("cleanup", day: "2030-01-02", holder: "a", summary: "late", now: Self.now)
        let runs = try await store.jobRuns("cleanup", limit: 10)
        #expect(runs.map(\.day) == ["2030-01-02", "2030-01-01"])
        #expect(runs[0].holder == "b" && runs[0].finishedAt == nil)
        #expect(runs[1].summary == "3 deleted" && runs[1].finishedAt == Self.now)
    }
}

/// What only the PostgreSQL engine has to prove: its migrations, and how it is reached.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    /// `store`'s database's connections, and those of them the pool made (it names itself `cmsched`).
    static func connections(_ store: PostgresStore) async throws -> (all: Int, pooled: Int) {
        try await store.withConnection { connection in
            let row = try await store.rows(connection, """
                SELECT count(*) AS n, count(*) FILTER (WHERE application_name = 'cmsched') AS pooled
                FROM pg_stat_activity WHERE datname = current_database()
                """).first
            return (try row?.value("n", as: Int.self) ?? 0, try row?.value("pooled", as: Int.self) ?? 0)
        }
    }

    @Test func rolesLookedUpSpaceBySpaceAreThoseOfOneQueryInStoredOrder() async throws {
        let store = try await TestStores.openPostgres(try TestStores.freshPostgresURL())
        // Each space's roles stored the other way from the key's index (the space's own, then
        // chair), and the index read as in a large table, not the table whole.
        let saved = try await StoreTests.fill(store, 12) { $0.roles.reverse() }
        func roles(oneByOne: Int) async throws -> [String: [String]] {
            try await store.withConnection { connection in
                _ = try await connection.query("SET enable_seqscan = off", logger: store.logger)
                let query = PostgresStore.roles(ofSpaces: saved.map(\.space.id).reversed(), oneByOne: oneByOne)
                return try await store.rows(connection, query).reduce(into: [:]) { found, row in
                    found[try row.value("spaceid", as: String.self), default: []].append(try row.value("role", as: String.self))
                }
            }
        }
        let bySpace = try await roles(oneByOne: .max)
        #expect(bySpace == (try await roles(oneByOne: 0)))
        #expect(bySpace.count == saved.count)
        #expect(bySpace.values.allSatisfy { $0 == [Role.spaceRole, "chair"] })
        // A window's scan reads every meeting whole.
        let window = try await store.meetings(in: [.scheduled], from: Date(timeIntervalSince1970: 0), until: .distantFuture)
        #expect(window.meetings.sorted { $0.id < $1.id } == saved)
    }

    @Test func openingsOfANewDatabaseAtOnceMigrateItOnce() async throws {
        let url = try TestStores.freshPostgresURL()
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await TestStores.openPostgres(url).schemaVersion() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions == Array(repeating: StoreSchema.currentVersion, count: 4))
    }

    @Test func aShortCommandUsesTheConnectionItCheckedTheServerWithAndTasksAtOnceUseThePool() async throws {
        // Limits a loaded machine cannot outlast (under the full suite, opening a new database
        // waits for the other tests' migrations: the advisory lock is the server's).
        let store = try await TestStores.openPostgres(
            try TestStores.freshPostgresURL(), spare: SpareConnection.Limits(idle: .seconds(600), lifetime: .seconds(600)))
        // Opened, migrated and asked: one connection (the probe's, kept), none of the pool yet.
        #expect(try await store.meetings(in: [.scheduled]).meetings.isEmpty)
        let first = try await Self.connections(store)
        #expect(first.all == 1 && first.pooled == 0, "\(first)")
        // Several tasks at once: the spare serves one, the pool the others; every one answers.
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await store.withConnection { connection in
                        try await connection.query("SELECT pg_sleep(0.2)", logger: store.logger)
                        return index
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(answered == Set(0..<6))
        #expect(try await Self.connections(store).pooled > 0)
        // Every connection, the kept one's and the pool's, named and without JIT.
        let settings = try await store.withConnection { connection in
            try await store.rows(connection, """
                SELECT count(*) FILTER (WHERE application_name NOT IN ('cmsched', 'cmsched-direct')) AS unnamed,
                    current_setting('jit') AS jit
                FROM pg_stat_activity WHERE datname = current_database()
                """).first
        }
        #expect(try settings?.value("unnamed", as: Int.self) == 0)
        #expect(try settings?.value("jit", as: String.self) == "off")
    }

    @Test func theKeptConnectionIsClosedOnceIdleAndThePoolServesAlone() async throws {
        let store = try await TestStores.openPostgres(
            try TestStores.freshPostgresURL(), spare: SpareConnection.Limits(idle: .milliseconds(200), lifetime: .seconds(600)))
        try await Task.sleep(for: .milliseconds(400))
        // Idle past its limit: closed at the next request, which the pool serves; then only the pool's remain.
        var seen = try await Self.connections(store)
        #expect(seen.pooled == 1, "\(seen)")
        let deadline = ContinuousClock.now + .seconds(5)
        while seen.all != seen.pooled, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            seen = try await Self.connections(store)
        }
        #expect(seen.all == seen.pooled, "the kept connection is closed: \(seen)")
    }

    @Test func aChangeCommittedByAnotherProcessWakesTheFeedOverListenNotify() async throws {
        let url = try TestStores.freshPostgresURL()
        let (listener, writer) = (try await TestStores.openPostgres(url), try await TestStores.openPostgres(url))
        let signals = try #require(listener.changeSignals())
        let count = Mutex(0)
        let counting = Task { for await _ in signals { count.withLock { $0 += 1 } } }
        defer { counting.cancel() }
        // The first signal comes once LISTEN is in place (its own connection: allow for a loaded
        // machine; a whole test run once took over 5 s to connect here). What is timed is below.
        let deadline = ContinuousClock.now + .seconds(30)
        while count.withLock({ $0 }) == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(count.withLock { $0 } == 1)
        try await writer.save(StoreContractTests.meeting("n1"), notices: [], now: StoreContractTests.now)
        let signalled = ContinuousClock.now + .seconds(2)
        while count.withLock({ $0 }) < 2 && ContinuousClock.now < signalled { try await Task.sleep(for: .milliseconds(20)) }
        #expect(count.withLock { $0 } == 2, "a change committed elsewhere signals within 2 s")
        let sqlite = try await TestStores.open(.sqlite)
        #expect(sqlite.changeSignals() == nil, "SQLite has no signals: serve polls")
    }

    @Test func aDatabaseWrittenByANewerCmschedIsRefusedUntouched() async throws {
        let url = try TestStores.freshPostgresURL()
        _ = try await TestStores.openPostgres(url)
        try TestStores.psql(url, "INSERT INTO cmsched_migrations VALUES ('v99', 'later'); CREATE TABLE marker (x INT)")
        do {
            _ = try await TestStores.openPostgres(url)
            Issue.record("opened")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .configuration)
            #expect(error.message.contains("newer cmsched") && error.message.contains("v99"))
        }
    }

    @Test(arguments: [
        ("postgres://u@db.example.com/cm", "postgres://u@db.example.com:5432/cm", PostgresAddress.SSLMode.verifyFull),
        ("postgresql://u@10.0.0.5:6432/cm?sslmode=require", "postgres://u@10.0.0.5:6432/cm?sslmode=require", .require),
        ("postgres://u@localhost/cm?sslmode=disable", "postgres://u@localhost:5432/cm?sslmode=disable", .disable),
        ("postgres://u@[::1]:5433/cm?sslmode=disable", "postgres://u@[::1]:5433/cm?sslmode=disable", .disable),
        ("postgres://u@/cm?host=/run/postgresql", "postgres://u@/cm?host=/run/postgresql", .disable),
    ])
    func storeURLsAreReadAsLibpqReadsThem(text: String, shown: String, mode: PostgresAddress.SSLMode) throws {
        guard case .postgres(let address) = try StoreURL.parse(text, origin: "store.url") else {
            Issue.record("not postgres")
            return
        }
        #expect(address.description == shown)
        #expect(address.sslMode == mode)
    }

    @Test(arguments: [
        ("postgres://u:secret@db.example.com/cm", "a password does not belong in the URL"),
        ("postgres://u@db.example.com/cm?sslmode=disable", "accepted only for loopback"),
        ("postgres://u@db.example.com/cm?sslmode=prefer", "sslmode must be"),
        ("postgres://db.example.com/cm", "name the role"),
        ("postgres://u@db.example.com/", "name the database"),
        ("postgres://u@db.example.com/cm?application_name=x", "unknown parameter"),
        ("mysql://u@db/cm", "expected a file path"),
    ])
    func badStoreURLsAreRefusedSayingWhy(text: String, why: String) {
        do {
            _ = try StoreURL.parse(text, origin: "store.url")
            Issue.record("accepted \(text)")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .configuration)
            #expect(error.message.contains(why), "\(error.message)")
            #expect(!error.message.contains("secret"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aPasswordFileLineIsMatchedAsLibpqMatchesIt() {
        let file = """
            # comment
            other:5432:cm:u:wrong
            db.example.com:*:cm:u:pa\\:ss
            *:*:*:*:fallback
            """
        #expect(PostgresPassword.match(file, host: "db.example.com", port: 6432, database: "cm", user: "u") == "pa:ss")
        #expect(PostgresPassword.match(file, host: "x", port: 1, database: "y", user: "z") == "fallback")
        #expect(PostgresPassword.match("", host: "x", port: 1, database: "y", user: "z") == nil)
    }

    @Test func aServerThatCannotBeVerifiedIsRefusedNotTrusted() async throws {
        let server = try TestStores.postgresServer()
        let url = try TestStores.freshPostgresURL()
        guard case .postgres(let address) = try StoreURL.parse(url, origin: "test") else { return }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // No store.ca_file: the system's CAs do not know the test CA.
        do {
            _ = try await PostgresStore.open(
                address: address, password: try String(contentsOfFile: server.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines),
                caFile: nil, localPath: "/tmp/unused", logger: logger)
            Issue.record("connected to a server it cannot verify")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .configuration, "\(error.message)")
        }
        // A wrong password is a refusal (77), not a retry.
        do {
            _ = try await PostgresStore.open(address: address, password: "wrong", caFile: server.ca, localPath: "/tmp/unused", logger: logger)
            Issue.record("connected with a wrong password")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .permission, "\(error.message)")
        }
    }

    @Test func aFullListingOfALargeStoreReadsItsSpacesOnASecondConnectionAtItsSnapshot() async throws {
        // The meetings made in SQLite and copied in (saving each in PostgreSQL takes longer).
        let source = try SQLiteStore.open(path: StaleFolders.path(prefix: "cmsched-store-") + "/cmsched.sqlite")
        let saved = try await StoreTests.fill(source, TwoCores.from + 20)
        let store = try await TestStores.openPostgres(try TestStores.freshPostgresURL())
        _ = try await store.load(try source.tableRows())
        let listed = try await store.meetings(in: [.scheduled], from: nil, until: nil)
        #expect(listed.spacesReadApart == TwoCores.available)
        #expect(listed.unreadable.isEmpty)
        #expect(Set(listed.meetings.map(\.id)) == Set(saved.map(\.id)))
        #expect(listed.meetings.sorted { $0.id < $1.id } == saved.sorted { $0.id < $1.id })
        // Listings while meetings are saved: each reads one snapshot, every meeting whole.
        let saving = Task { try await StoreTests.fill(store, 40, from: saved.count) }
        var counts: [Int] = []
        for _ in 0..<4 {
            let scan = try await store.meetings(in: [.scheduled], from: nil, until: nil)
            #expect(scan.unreadable.isEmpty, "\(scan.unreadable.first?.reason ?? "")")
            #expect(scan.meetings.allSatisfy { $0.space.roles.count == 2 && $0.attendees.count == 2 })
            counts.append(scan.meetings.count)
        }
        _ = try await saving.value
        #expect(counts == counts.sorted())
        #expect(try await store.meetings(in: [.scheduled], from: nil, until: nil).meetings.count == saved.count + 40)
    }
}
