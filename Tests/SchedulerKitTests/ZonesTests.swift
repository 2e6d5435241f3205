import Foundation
import Testing

@testable import SchedulerKit

/// Zone offsets remembered by span (`Zones.secondsFromGMT`): each must be what Foundation gives.
@Suite("zone offsets by span")
struct ZonesTests {
    /// Every zone Foundation knows, at random times from 1850 to 2100 in a random order, and just
    /// before, at and after each of its transitions: the remembered offsets are Foundation's.
    @Test func offsetsAreFoundationsInEveryZone() throws {
        var generator = SystemRandomNumberGenerator()
        let (first, last) = (-3_800_000_000.0, 4_102_444_800.0)
        var checked = 0
        for name in TimeZone.knownTimeZoneIdentifiers {
            let zone = try #require(TimeZone(identifier: name))
            var times = (0..<24).map { _ in Double.random(in: first..<last, using: &generator) }
            // Around its transitions from a random year on, a few years' worth.
            var transition = Date(timeIntervalSince1970: Double.random(in: first..<last, using: &generator))
            for _ in 0..<8 {
                guard let next = zone.nextDaylightSavingTimeTransition(after: transition) else { break }
                let at = next.timeIntervalSince1970
                times += [at - 3_600, at - 1, at - 0.5, at, at + 0.5, at + 1, at + 3_600]
                transition = next
            }
            for time in times.shuffled(using: &generator) + times.shuffled(using: &generator) {
                let date = Date(timeIntervalSince1970: time)
                #expect(Zones.secondsFromGMT(zone, at: date) == zone.secondsFromGMT(for: date), "\(name) at \(date)")
                checked += 1
            }
        }
        #expect(checked > 10_000)
    }

    /// Wall-clock times made and read back through the remembered offsets, across the changes
    /// that moved a zone's standard offset (not only its daylight saving): Samoa skipping a day,
    /// Venezuela and North Korea moving by half an hour, Moscow's two changes.
    @Test func timesAcrossStandardOffsetChangesAreFoundations() throws {
        let changes = [("Pacific/Apia", "2011-12-29T12:00:00"), ("America/Caracas", "2007-12-09T01:00:00"),
                       ("America/Caracas", "2016-05-01T01:00:00"), ("Asia/Pyongyang", "2015-08-14T22:00:00"),
                       ("Asia/Pyongyang", "2018-05-04T22:00:00"), ("Europe/Moscow", "2011-03-26T22:00:00"),
                       ("Europe/Moscow", "2014-10-25T22:00:00"), ("Australia/Lord_Howe", "2026-04-04T12:00:00")]
        for (name, around) in changes {
            let zone = try #require(TimeZone(identifier: name))
            let start = try #require(LocalDateTime(iso: around))
            for hours in -36...36 {
                let date = start.instant(in: zone).addingTimeInterval(Double(hours) * 1_800)
                #expect(Zones.secondsFromGMT(zone, at: date) == zone.secondsFromGMT(for: date), "\(name) at \(date)")
                let local = LocalDateTime(date, in: zone)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
                #expect([local.year, local.month, local.day, local.hour, local.minute, local.second]
                    == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second], "\(name) at \(date)")
            }
        }
    }

    @Test func valuesByNameAreFoundPastTheFewCompared() {
        var named = FewNamed<Int>()
        let names = (0..<(FewNamed<Int>.compared * 3)).map { "Zone/\($0)" }
        for (value, name) in names.enumerated() { named.update(name, default: value) { $0 *= 10 } }
        for (value, name) in names.enumerated() { named.update(name, default: -1) { $0 += 1 } }
        #expect(named.count == names.count)
        #expect(names.enumerated().allSatisfy { named[$1] == $0 * 10 + 1 })
        #expect(named["Zone/none"] == nil)
    }

    @Test func spansAreFoundJoinedAndKeptApart() {
        var spans = OffsetSpans()
        spans.insert(.init(start: 100, end: 200, offset: 3_600))
        #expect(spans.offset(at: 99.9) == nil)
        #expect(spans.offset(at: 100) == 3_600)
        #expect(spans.offset(at: 199.9) == 3_600)
        #expect(spans.offset(at: 200) == nil)
        // One with another offset that meets it stays apart.
        spans.insert(.init(start: 200, end: 300, offset: 7_200))
        #expect(spans.spans.count == 2)
        #expect(spans.offset(at: 200) == 7_200)
        // Spans of one offset that overlap or meet are joined.
        spans.insert(.init(start: 50, end: 120, offset: 3_600))
        spans.insert(.init(start: 20, end: 50, offset: 3_600))
        #expect(spans.spans == [.init(start: 20, end: 200, offset: 3_600), .init(start: 200, end: 300, offset: 7_200)])
        // One that overlaps a span of another offset is not possible from a zone's rules: not kept.
        spans.insert(.init(start: 250, end: 400, offset: 3_600))
        #expect(spans.offset(at: 350) == nil)
        #expect(spans.offset(at: 250) == 7_200)
        // An empty one is nothing; one before all goes first.
        spans.insert(.init(start: 10, end: 10, offset: 0))
        spans.insert(.init(start: 0, end: 5, offset: 0))
        #expect(spans.spans.first == .init(start: 0, end: 5, offset: 0))
        #expect(spans.spans.count == 3)
    }

    @Test func spansBeyondTheLimitAreFoundAgain() {
        var spans = OffsetSpans()
        for index in 0..<OffsetSpans.kept {
            spans.insert(.init(start: Double(index * 10), end: Double(index * 10 + 5), offset: index))
        }
        #expect(spans.spans.count == OffsetSpans.kept)
        #expect(spans.offset(at: 12) == 1)
        spans.insert(.init(start: -100, end: -50, offset: 9))
        #expect(spans.spans == [.init(start: -100, end: -50, offset: 9)])
        #expect(spans.offset(at: 12) == nil)
    }
}
