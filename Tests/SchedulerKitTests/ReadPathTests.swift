import Foundation
import Testing

@testable import SchedulerKit

/// The pieces the read path uses to do less per meeting: each must give what the plain way gives.
@Suite("the read path's shortcuts")
struct ReadPathTests {
    @Test func arrangingMovesEachElementWhereTheOrderSays() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 10, 257] {
            for _ in 0..<20 {
                let original = (0..<count).map { "text \($0) long enough to live on the heap" }
                let order = Array(original.indices).shuffled(using: &generator)
                var arranged = original
                arranged.arrange(by: order)
                #expect(arranged == order.map { original[$0] })
            }
        }
    }

    @Test func arrangingByTheSortedOrderSortsStably() {
        let values = [5, 3, 5, 1, 3, 0, 5]
        var arranged = values.enumerated().map { ($0.element, $0.offset) }
        arranged.arrange(by: values.indices.sorted { values[$0] < values[$1] })
        #expect(arranged.map(\.0) == values.sorted())
        #expect(arranged.map(\.1) == [5, 3, 1, 4, 0, 2, 6])
    }

    @Test(arguments: ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kathmandu", "Pacific/Chatham"])
    func aKeptZoneIsTheZoneFoundationMakes(_ name: String) {
        let kept = Zones.named(name)
        #expect(kept == TimeZone(identifier: name))
        #expect(Zones.named(name) == kept)
        let instant = Date(timeIntervalSince1970: 1_900_000_000)
        #expect(kept?.secondsFromGMT(for: instant) == TimeZone(identifier: name)?.secondsFromGMT(for: instant))
    }

    @Test func anUnknownZoneIsNoneEachTime() {
        #expect(Zones.named("Mars/Olympus_Mons") == nil)
        #expect(Zones.named("Mars/Olympus_Mons") == nil)
    }

    @Test func storedTimesReadBackAsWritten() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let time = LocalDateTime(
                year: Int.random(in: 1970...2199, using: &generator), month: Int.random(in: 1...12, using: &generator),
                day: Int.random(in: 1...28, using: &generator), hour: Int.random(in: 0...23, using: &generator),
                minute: Int.random(in: 0...59, using: &generator), second: Int.random(in: 0...59, using: &generator))
            #expect(LocalDateTime(iso: time.description) == time)
        }
        // The other forms still read as before; a time that is no time is still none.
        #expect(LocalDateTime(iso: "2026-12-08 10:00:30") == LocalDateTime(year: 2026, month: 12, day: 8, hour: 10, minute: 0, second: 30))
        #expect(LocalDateTime(iso: "2026-12-08T10:00") == LocalDateTime(year: 2026, month: 12, day: 8, hour: 10))
        for bad in ["2026-13-08T10:00:00", "2026-02-30T10:00:00", "2026-12-08T24:00:00", "2026-12-08T10:60:00",
                    "2026-12-08X10:00:00", "2026-12-08T10:00:0a", "+026-12-08T10:00:00", "2026-12-08T10:00:00Z"] {
            #expect(LocalDateTime(iso: bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [0, 1, 2, 1_999, 2_000, 2_001, 5_000])
    func aListWrittenOnTwoCoresIsTheSameBytes(_ count: Int) throws {
        let values = (0..<count).map { ["n": JSONValue.int($0), "name": .string("meeting \($0) \"quoted\"")] }
        let one: @Sendable (inout JSONText, [String: JSONValue]) -> Void = { $0.value(.object($1.sorted { $0.key < $1.key })) }
        var alone: [UInt8] = [], shared: [UInt8] = [], pieces = 0
        JSONText.array(values, piece: 4_096, write: { alone += $0 }, element: one)
        JSONText.arrayOnTwoCores(values, piece: 4_096, write: { shared += $0; pieces += 1 }, element: one)
        #expect(shared == alone)
        #expect(try JSONSerialization.jsonObject(with: Data(shared)) is [Any])
        if count >= TwoCores.from { #expect(pieces > 2) }
    }

    @Test func aListOnTwoCoresStopsAtAWriteThatFailsAndHoldsFewBlocks() throws {
        struct Closed: Error {}
        let values = Array(0..<20_000)
        let one: @Sendable (inout JSONText, Int) -> Void = { $0.int($1) }
        var writes = 0
        #expect(throws: Closed.self) {
            try JSONText.arrayOnTwoCores(values, write: { _ in
                writes += 1
                if writes == 3 { throw Closed() }
            }, element: one)
        }
        // The writer stopped at its failed write, and the other core stopped claiming blocks.
        #expect(writes == 3)
        // Each write is one block of elements, never a half of the list.
        var all = 0
        JSONText.arrayOnTwoCores(values, write: { all = max(all, $0.count) }, element: one)
        #expect(all > 0 && all < 2_000)
    }

    @Test func rulesReadInAScanAreTheRulesParsed() throws {
        var read = RulesRead()
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        // A floating UNTIL is read in the meeting's zone: the same text in two zones is two rules.
        let text = "FREQ=WEEKLY;UNTIL=20301231T090000"
        for zone in [berlin, tokyo, berlin] {
            #expect(try read.parse(text, zone: zone) == Recurrence.parse(text, zone: zone))
        }
        #expect(try read.parse(text, zone: berlin) != read.parse(text, zone: tokyo))
        #expect(throws: CmschedError.self) { try read.parse("FREQ=SOMETIMES", zone: berlin) }
        #expect(throws: CmschedError.self) { try read.parse("FREQ=SOMETIMES", zone: berlin) }
    }
}
