import CallBridgeSim
import Foundation
import GRDB
import Testing

@_spi(Bench) @testable import SchedulerKit

/// The hand-written fast paths against the plain library path they replace, on random data (a
/// fixed seed, `CMSCHED_PROPERTY_SEED` to explore): the JSON writer against JSONEncoder, the
/// SQLite column reader against GRDB's rows read by name. (The stored-time codec has its own in
/// StoreTests.) What each saved is in bench/RESULTS.md, "Fast paths".
struct FastPathDifferentialTests {
    static var seed: UInt64 {
        let text = ProcessInfo.processInfo.environment["CMSCHED_PROPERTY_SEED"] ?? "20261206"
        return text == "random" ? UInt64(Date().timeIntervalSince1970) : UInt64(text) ?? 20_261_206
    }

    /// Any Unicode scalar but a surrogate, ASCII controls and quotes more often.
    static func string(_ random: inout SplitMix64) -> String {
        let length = Int.random(in: 0...24, using: &random)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let value: UInt32
            switch Int.random(in: 0..<4, using: &random) {
            case 0: value = UInt32.random(in: 0...0x7F, using: &random)
            case 1: value = ["\"", "\\", "/", "\n", "\u{0}", "\u{7F}", "\u{2028}"].randomElement(using: &random)!.unicodeScalars.first!.value
            case 2: value = UInt32.random(in: 0x80...0xFFFF, using: &random)
            default: value = UInt32.random(in: 0x10000...0x10FFFF, using: &random)
            }
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    static func value(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 3 : 5), using: &random) {
        case 0: return .null
        case 1: return .string(string(&random))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0...63, using: &random))
        case 3: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            // Keys are field names (cmsched's objects have no keys of user data): ASCII. Values are
            // any text. (With keys of any Unicode the two sort some apart: the writer as Swift
            // compares strings, canonically equivalent forms alike; JSONEncoder does not.)
            var keys = Set<String>()
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                keys.insert(String((0..<Int.random(in: 1...8, using: &random)).map { _ in
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789".randomElement(using: &random)!
                }))
            }
            return .object(keys.sorted().shuffled(using: &random).map { ($0, value(&random, depth: depth + 1)) })
        }
    }

    @Test func theJSONWriterWritesWhatJSONEncoderWritesForRandomValues() throws {
        var random = SplitMix64(seed: Self.seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for index in 0..<300 {
            let value = Self.value(&random)
            var fast = ""
            value.pretty(into: &fast)
            let plain = String(decoding: try encoder.encode(value), as: UTF8.self)
            let same = fast.unicodeScalars.elementsEqual(plain.unicodeScalars)
            let at = zip(fast.unicodeScalars, plain.unicodeScalars).prefix { $0 == $1 }.count
            #expect(same, "seed \(Self.seed), value \(index): from scalar \(at), fast \(Array(fast.unicodeScalars.dropFirst(at).prefix(12)).map { String($0.value, radix: 16) }) vs JSONEncoder \(Array(plain.unicodeScalars.dropFirst(at).prefix(12)).map { String($0.value, radix: 16) })")
        }
    }

    /// A record of every kind of column the store reads, for the test below.
    struct Sample: ColumnRecord, ColumnWritable, Equatable {
        static let databaseTableName = "sample"
        static let keyColumns = ["id"]
        var id: Int
        var text: String?
        var number: Int?
        var big: Int64?
        var at: Date?

        init<Columns: ColumnSource>(_ column: inout Columns) throws {
            id = try column("id")
            text = try column("text")
            number = try column("number")
            big = try column("big")
            at = try column("at")
        }

        func write<Writer: ColumnWriter>(to column: inout Writer) {
            column("id", id)
            column("text", text)
            column("number", number)
            column("big", big)
            column("at", at?.stored)
        }
    }

    @Test func theColumnReaderReadsWhatGRDBReadsByNameForRandomRows() throws {
        var random = SplitMix64(seed: Self.seed)
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE sample (id INTEGER PRIMARY KEY, text TEXT, number INTEGER, big INTEGER, at TEXT)")
            for id in 0..<500 {
                let at = Date(timeIntervalSince1970: Double(Int.random(in: 0...7_000_000_000_000, using: &random)) / 1_000)
                // Written through the fast writer, and some rows by hand in forms SQLite and GRDB also accept.
                if id % 5 == 0 {
                    try db.execute(
                        sql: "INSERT INTO sample VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, Self.string(&random), Int.random(in: -1_000...1_000, using: &random), nil, at])
                } else {
                    try Sample.fromRandom(id: id, at: at, &random).insertRow(db)
                }
            }
        }
        try queue.read { db in
            for sql in ["SELECT * FROM sample", "SELECT at, big, number, text, id FROM sample", "SELECT id, at, text, number, big, 1 AS x FROM sample"] {
                let fast = try Sample.fetchAll(db.makeStatement(sql: sql), arguments: [])
                let plain = try Row.fetchAll(db, sql: sql).map { row in
                    Sample(
                        id: row["id"], text: row["text"], number: row["number"], big: row["big"],
                        at: (row["at"] as DatabaseValue?).flatMap { $0.isNull ? nil : Date.fromDatabaseValue($0) })
                }
                #expect(fast == plain, "seed \(Self.seed): \(sql)")
                #expect(fast.count == 500)
            }
        }
    }

    /// Two text columns read as `repeated`: one from a few values (long, short, empty, not
    /// ASCII, not UTF-8, NULL), one nearly always new, then repeating once the reader has
    /// stopped comparing it.
    struct Repeating: ColumnRecord, Equatable {
        static let databaseTableName = "repeating"
        static let keyColumns = ["id"]
        var id: Int
        var often: String?
        var seldom: String

        init(id: Int, often: String?, seldom: String) {
            (self.id, self.often, self.seldom) = (id, often, seldom)
        }

        init<Columns: ColumnSource>(_ column: inout Columns) throws {
            id = try column("id")
            often = try column.repeated("often")
            seldom = try column.repeated("seldom")
        }

        func write<Writer: ColumnWriter>(to column: inout Writer) {
            column("id", id)
            column("often", often)
            column("seldom", seldom)
        }
    }

    @Test func repeatedTextsReadWhatGRDBReadsByName() throws {
        var random = SplitMix64(seed: Self.seed)
        let queue = try DatabaseQueue()
        let pool = [
            "'01a24fd5-151a-7cd0-bf11-d7e4348a2c1a'", "'01a24fd5-151a-7cd0-bf11-d7e4348a2c1b'", "'space'", "''",
            "'Zürich Besprechung — Raum 3'", "CAST(x'41C328FF42' AS TEXT)", "NULL",
        ]
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE repeating (id INTEGER PRIMARY KEY, often TEXT, seldom TEXT NOT NULL)")
            for id in 0..<600 {
                let seldom = id < 200 ? "'unique-\(id)-\(UInt64.random(in: 0...UInt64.max, using: &random))'" : "'again-\(id % 3)'"
                try db.execute(sql: "INSERT INTO repeating VALUES (\(id), \(pool.randomElement(using: &random)!), \(seldom))")
            }
        }
        try queue.read { db in
            let fast = try Repeating.fetchAll(db.makeStatement(sql: "SELECT * FROM repeating"), arguments: [])
            let plain = try Row.fetchAll(db, sql: "SELECT * FROM repeating").map {
                Repeating(id: $0["id"], often: $0["often"], seldom: $0["seldom"])
            }
            #expect(fast == plain, "seed \(Self.seed)")
            #expect(fast.count == 600)
        }
    }
}

extension FastPathDifferentialTests.Sample {
    init(id: Int, text: String?, number: Int?, big: Int64?, at: Date?) {
        self.id = id
        self.text = text
        self.number = number
        self.big = big
        self.at = at
    }

    static func fromRandom(id: Int, at: Date, _ random: inout SplitMix64) -> Self {
        Self(
            id: id, text: Bool.random(using: &random) ? FastPathDifferentialTests.string(&random) : nil,
            number: Bool.random(using: &random) ? Int.random(in: Int.min...Int.max, using: &random) : nil,
            big: Bool.random(using: &random) ? Int64.random(in: Int64.min...Int64.max, using: &random) : nil,
            at: Bool.random(using: &random) ? at : nil)
    }
}
