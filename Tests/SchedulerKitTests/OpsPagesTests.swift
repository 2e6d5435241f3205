import Foundation
import Testing
import TestSupport

@testable import SchedulerKit
@testable import SchedulerServer

/// The operations pages' content without a listener: what the templates make of the store.
@Suite("operations pages: content")
struct OpsPagesTests {
    static func pages(_ identity: SchedulerInstance) throws -> (OpsPages, Scheduler) {
        let home = StaleFolders.path(prefix: "cmsched-ops-")
        let scheduler = Scheduler(try Environment.build(EnvironmentOptions(logLevel: .critical, locations: Locations(environment: [
            "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
        ]))))
        return (try OpsPages(scheduler: scheduler, state: DaemonState(identity: identity), links: nil), scheduler)
    }

    static let user = OpsUser(name: "ops", role: .admin, csrf: "c", token: "t")

    @Test func theOverviewShowsEverySchedulersLinksAndEscapesWhatPeersWrote() async throws {
        let now = Date()
        let mine = SchedulerInstance(instance: "sched-a", host: "a", pid: 1, version: "0.1.0", started: now, lastSeen: now)
        let (pages, scheduler) = try Self.pages(mine)
        let store = try await scheduler.environment.store()
        try await store.heartbeat(mine)
        try await store.heartbeat(SchedulerInstance(
            instance: "sched-b", host: "b", pid: 2, version: "0.1.0", started: now, lastSeen: now, linksUp: 1, linksTotal: 2,
            links: [
                .init(url: "c2w://wb1.example.com:9999", up: true, since: now, reason: nil, pingMilliseconds: 2.5),
                .init(url: "c2w://wb2.example.com:9999", up: false, since: now, reason: "<script>alert(1)</script>", pingMilliseconds: nil),
            ]))
        let html = await pages.overview(Self.user, zone: TimeZone(identifier: "UTC")!)
        #expect(html.contains(#"<table id="links-1" aria-labelledby="links-1-h">"#))
        #expect(html.contains("sched-b (its last heartbeat,"))
        #expect(html.contains("c2w://wb2.example.com:9999") && html.contains(">DOWN<") && html.contains("2.5 ms"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert"))
        // This scheduler first, live (no links: no C2W here).
        #expect(html.contains(#"<table id="links" aria-labelledby="links-this">"#))
        #expect(html.range(of: "links-this")!.lowerBound < html.range(of: "links-1-h")!.lowerBound)
    }

    @Test func aMeetingShowsItsRuleInWordsAndAViewerNoSecrets() async throws {
        let now = Date()
        let (pages, scheduler) = try Self.pages(SchedulerInstance(instance: "a", host: "a", pid: 1, version: "0.1.0", started: now, lastSeen: now))
        var meeting = StoreContractTests.meeting("m1")
        meeting.recurrence = try Recurrence.parse("FREQ=WEEKLY;INTERVAL=2;COUNT=10", zone: meeting.zone)
        try await scheduler.environment.store().save(meeting, notices: [], now: now)
        let zone = TimeZone(identifier: "UTC")!
        let admin = try #require(try await pages.meeting(Self.user, id: "m1", zone: zone))
        #expect(admin.contains("every 2 weeks on Tuesday, 10 times"))
        #expect(admin.contains("<code>1234</code>"), "the chair's passcode, to an admin")
        let viewer = try #require(try await pages.meeting(OpsUser(name: "v", role: .viewer, csrf: "c", token: "t"), id: "m1", zone: zone))
        #expect(!viewer.contains("1234") && viewer.contains("(hidden from viewers)"))
        #expect(try await pages.meeting(Self.user, id: "m1-not", zone: zone) == nil)
        #expect(try await pages.meeting(Self.user, id: "m", zone: zone) == nil, "an id prefix is no page")
    }

    @Test func sessionsEndAndTokensCompareWhole() {
        let sessions = OpsSessions()
        let (token, session) = sessions.start(user: "ops")
        #expect(token.count == 64 && session.csrf.count == 64 && token != session.csrf)
        #expect(sessions.session(token)?.user == "ops")
        #expect(sessions.session(String(token.dropLast()) + "x") == nil)
        sessions.end(token)
        #expect(sessions.session(token) == nil)
        #expect(OpsSessions.same("abc", "abc") && !OpsSessions.same("abc", "abd") && !OpsSessions.same("", "") && !OpsSessions.same("ab", "abc"))
        for next in ["https://evil.example", "//evil.example", "/ops/\\x", "/elsewhere", "/ops/\r\nX: y", "/ops/ä"] {
            #expect(OpsRoutes.safeNext(next) == "/ops/", "\(next)")
        }
        #expect(OpsRoutes.safeNext("/ops/agenda?week=2030-01-07") == "/ops/agenda?week=2030-01-07")
    }
}
