import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// The hand-written encodings of what lists print write exactly what reflection would, and the
/// fast writer `Render.json` uses for them writes exactly what JSONEncoder would.
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

    /// What Foundation's JSONEncoder writes with `Render.json`'s settings.
    func codable<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    @Test func theFastWriterWritesWhatJSONEncoderWrites() throws {
        let awkward = [
            "", "plain", "quote \" and \\ backslash", "a/b https://x/y", "tab\tnew\nline\rcr", "\u{01}\u{08}\u{0C}\u{1F}\u{7F}",
            "é ü 漢字 😇", "\u{2028}\u{2029}", "{\"json\": [1]}",
        ]
        // Each character that needs escaping at each place in a string longer than the eight bytes
        // the writer checks at once, and bytes next to the bounds it checks them against.
        let plain = Array("abcdefghijklmnopqrstuvwx")
        let placed = ["\"", "\\", "\u{1F}", "\u{00}", "\n", "é", "\u{20}", "!", "[", "]", "\u{7F}"].flatMap { special in
            (0...plain.count).map { String(plain[..<$0]) + special + String(plain[$0...]) }
        }
        let value = JSONValue.object([
            ("strings", .array((awkward + placed).map(JSONValue.string))), ("empty", .array([])), ("none", .object([])), ("null", .null),
            ("numbers", .array([.int(0), .int(-42), .int(7), .int(10), .int(-10), .int(Int.max), .int(Int.min)])),
            ("nested", .object([("zeta", .int(1)), ("alpha", .array([.object([("b", .null), ("a", .string("x"))])])), ("mid", .array([.array([])]))])),
            ("organizerRole", .null), ("organizer", .null), ("roleName", .null), ("role", .null), ("sipUri", .null), ("sequence", .null),
        ])
        var fast = ""
        value.pretty(into: &fast)
        #expect(fast + "\n" == (try codable(value)))
        // Written in pieces, as `meeting list` streams it, an array reads the same.
        for elements in [[], [value], [value, .null, .array([]), value]] {
            for piece in [1, 100, 1 << 16] {
                var pieces: [String] = []
                JSONText.array(elements, piece: piece, write: { pieces.append(String(decoding: $0, as: UTF8.self)) }) { $0.value($1) }
                var whole = ""
                JSONValue.array(elements).pretty(into: &whole)
                #expect(pieces.joined() == whole, "\(elements.count) elements in pieces of \(piece)")
                #expect(piece > 100 || elements.count < 2 || pieces.count > 1)
            }
        }
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
                #expect(try Render.json(view) == codable(view))
                #expect(try Render.json([view, view]) == codable([view, view]))
                let rows = [BulkRowReport(line: 2, key: view.key, status: .created, meeting: view),
                            BulkRowReport(line: 3, key: "row-1f", status: .failed, error: "m.csv:3: bad \"tz\"")]
                #expect(try Render.json(rows) == codable(rows))
                try same(view.space)
                for item in view.joinDetails { try same(item) }
                for item in view.attendees { try same(item) }
                // Listed in key order, so the writer need not sort them.
                let lists = [view.jsonFields, view.space.jsonFields] + view.joinDetails.map(\.jsonFields) + view.attendees.map(\.jsonFields)
                for fields in lists { #expect(fields.map(\.0) == fields.map(\.0).sorted()) }
            }
            let occurrences = meeting.occurrences(from: .distantPast, until: .distantFuture).map { OccurrenceView($0) }
            for occurrence in occurrences {
                try same(occurrence)
                #expect(occurrence.jsonFields.map(\.0) == occurrence.jsonFields.map(\.0).sorted())
            }
            #expect(try Render.json(occurrences) == codable(occurrences))
        }
    }

    /// The writer's buffer grows past its first capacity, and a copy keeps its own bytes once
    /// either of them writes (an array's end is written on a copy, the array goes on).
    @Test func theWritersBufferGrowsAndCopiesOnWrite() {
        var buffer = ByteBuffer()
        let long = String(repeating: "é漢😇x", count: 500)
        for _ in 0..<3 { buffer.append(contentsOf: long) }
        var copy = buffer
        copy.append("tail")
        buffer.append(UInt8(ascii: "!"))
        #expect(String(decoding: buffer.array, as: UTF8.self) == long + long + long + "!")
        #expect(String(decoding: copy.array, as: UTF8.self) == long + long + long + "tail")
        copy.removeAll()
        #expect(copy.array.isEmpty && buffer.count == 3 * long.utf8.count + 1)
        buffer.append(repeating: UInt8(ascii: " "), count: 3)
        #expect(buffer.array.suffix(4) == Array("!   ".utf8))

        var array = JSONArrayText()
        var text = ""
        array.append(.int(1), to: &text)
        let (first, end) = (text, array.end)
        #expect(array.end == end)
        array.append(.string("two"), to: &text)
        #expect(text + array.end == "[\n  1,\n  \"two\"\n]")
        #expect(first + end == "[\n  1\n]")
    }
}
