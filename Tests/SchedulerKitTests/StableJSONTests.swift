import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// The hand-written encodings of what lists print write exactly what reflection would.
@Suite("stable JSON")
struct StableJSONTests {
    struct Reflected<T: StableJSON>: Encodable {
        let value: T
        func encode(to encoder: any Encoder) throws { try value.encodeByReflection(to: encoder) }
    }

    func same<T: StableJSON>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let fast = String(decoding: try encoder.encode(value), as: UTF8.self)
        let reflected = String(decoding: try encoder.encode(Reflected(value: value)), as: UTF8.self)
        #expect(fast == reflected)
    }

    @Test func handWrittenEncodingsMatchReflection() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        for meeting in [
            try await f.meeting { $0.key = "plain" },
            try await f.meeting { $0.key = "series"; $0.repeat = "weekly"; $0.count = "3"; $0.attendees = "gogi@s.com" },
        ] {
            for view in [
                MeetingView(meeting, sipDomain: nil, webBaseURL: nil), MeetingView(meeting, sipDomain: "s.com", webBaseURL: "https://join.s.com"),
            ] {
                try same(view)
                try same(view.space)
                for item in view.joinDetails { try same(item) }
                for item in view.attendees { try same(item) }
            }
            for occurrence in meeting.occurrences(from: .distantPast, until: .distantFuture) { try same(OccurrenceView(occurrence)) }
        }
    }
}
