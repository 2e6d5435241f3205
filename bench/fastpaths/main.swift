// `fastpaths-bench DATABASE FROM UNTIL`: each hand-written fast path of the store, the output and
// the calendar, alone, against the general path it replaced, on the meetings of a store `make
// bench` has filled (see bench/RESULTS.md, "Fast paths"; FROM and UNTIL are its one-week list's
// window, RFC 3339). Both paths run on the same values, in turn, five times; each result is
// checked to be the same both ways. Prints one tab-separated line per fast path: its name, the
// median milliseconds of the fast path, of the general path, and the meetings measured.
//
// `fastpaths-bench --ledger fast|general DATABASE`: the milliseconds of one read of the migration
// ledger, the first thing a command does with the store, in a process that has done nothing else
// (what it saves is the first use of GRDB's connection; run it several times, in turn).
import Foundation
import GRDB
@_spi(Bench) import SchedulerKit

func milliseconds(_ elapsed: Duration) -> Double { elapsed.timeInterval * 1_000 }

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 3, arguments[0] == "--ledger", ["fast", "general"].contains(arguments[1]) {
    let started = ContinuousClock.now
    if arguments[1] == "fast" {
        _ = try MigrationLedger.read(path: arguments[2], busyTimeout: 10)
    } else {
        var configuration = Configuration()
        configuration.readonly = true
        _ = try DatabaseQueue(path: arguments[2], configuration: configuration).read {
            try Set(String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations"))
        }
    }
    print(String(format: "%.3f", milliseconds(ContinuousClock.now - started)))
    exit(0)
}
guard arguments.count == 3, let from = RFC3339.parse(arguments[1]), let until = RFC3339.parse(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: fastpaths-bench DATABASE FROM UNTIL | fastpaths-bench --ledger fast|general DATABASE\n".utf8))
    exit(64)
}
let path = arguments[0]

/// The median milliseconds of `fast` and `general`, each run five times in turn.
func measure(_ name: String, count: Int, fast: () throws -> Void, general: () throws -> Void) rethrows {
    var times: ([Double], [Double]) = ([], [])
    for _ in 0..<5 {
        times.0.append(milliseconds(try ContinuousClock().measure(fast)))
        times.1.append(milliseconds(try ContinuousClock().measure(general)))
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    print([name, String(format: "%.2f", median(times.0)), String(format: "%.2f", median(times.1)), String(count)].joined(separator: "\t"))
}

func require(_ same: Bool, _ what: String) {
    guard same else {
        FileHandle.standardError.write(Data("fastpaths-bench: \(what): the fast and the general path disagree\n".utf8))
        exit(1)
    }
}

/// A record's columns as text, to compare the two readers' records.
struct ColumnTexts: ColumnWriter {
    var texts: [String] = []
    mutating func callAsFunction<Value: StoredValue>(_ name: String, _ value: Value?) {
        texts.append("\(name)=\(value.map { "\($0.storedForm)" } ?? "NULL")")
    }
}

func texts(_ row: MeetingRow) -> [String] {
    var writer = ColumnTexts()
    row.write(to: &writer)
    return writer.texts
}

/// GRDB's rows read by name (the general path of `ColumnReader`); times read as the store reads them.
struct ByName: ColumnSource {
    let row: Row
    func callAsFunction(_ name: String) throws -> String? { row[name] }
    func callAsFunction(_ name: String) throws -> String { try row.decode(forColumn: name) }
    func callAsFunction(_ name: String) throws -> Int? { row[name] }
    func callAsFunction(_ name: String) throws -> Int { try row.decode(forColumn: name) }
    func callAsFunction(_ name: String) throws -> Int64? { row[name] }
    func callAsFunction(_ name: String) throws -> Date? { (row[name] as DatabaseValue?).flatMap { $0.isNull ? nil : StoredDate.date($0) } }
    func callAsFunction(_ name: String) throws -> Date {
        guard let date: Date = try self(name) else { throw DatabaseError(message: "column \(name) is not a time") }
        return date
    }
}

let queue = try DatabaseQueue(path: path)
let meetingsSQL = "SELECT * FROM meeting"

// Columns by position (`ColumnReader`) against GRDB's rows read by name.
let rows: [MeetingRow] = try queue.read { db in
    let fast = try MeetingRow.fetchAll(db.makeStatement(sql: meetingsSQL), arguments: [])
    let general = try Row.fetchAll(db, sql: meetingsSQL).map { row in var source = ByName(row: row); return try MeetingRow(&source) }
    require(fast.map(texts) == general.map(texts), "columns by position")
    try measure("columns by position", count: fast.count) {
        _ = try MeetingRow.fetchAll(db.makeStatement(sql: meetingsSQL), arguments: [])
    } general: {
        _ = try Row.fetchAll(db, sql: meetingsSQL).map { row in var source = ByName(row: row); return try MeetingRow(&source) }
    }
    return fast
}

// Times as text read by hand (`StoredDate`), against GRDB's DateFormatter.
let storedTimes: [DatabaseValue] = try queue.read { db in
    try DatabaseValue.fetchAll(db, sql: "SELECT createdAt FROM meeting UNION ALL SELECT updatedAt FROM meeting")
}
let times = storedTimes.compactMap { StoredDate.date($0) }
require(times == storedTimes.compactMap { Date.fromDatabaseValue($0) } && times.count == storedTimes.count, "times read")
measure("times read", count: rows.count) {
    _ = storedTimes.map { StoredDate.date($0) }
} general: {
    _ = storedTimes.map { Date.fromDatabaseValue($0) }
}

// JSON written byte by byte (`JSONText`), against JSONEncoder over the same fields.
let scan = try await SQLiteStore.open(path: path).meetings(in: [.creating, .scheduled, .cancelled])
let views = scan.meetings.map { MeetingView($0, sipDomain: "example.com", webBaseURL: "https://join.example.com") }
func fastJSON() -> [UInt8] {
    var bytes: [UInt8] = []
    Render.json(views) { bytes += $0 }
    return bytes
}
func generalJSON() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(views.map(\.json))) + [UInt8(ascii: "\n")]
}
let json = fastJSON()
require(json == (try generalJSON()), "JSON")
try measure("JSON written byte by byte", count: views.count) { _ = fastJSON() } general: { _ = try generalJSON() }

// Plain rules counted (`PlainRule`), against stepping them through libical: each meeting of the
// one-week list's window checked for an occurrence in it, as that list does.
let inWeek = try await SQLiteStore.open(path: path).meetings(in: [.scheduled], from: from, until: until)
func occurrences(counted: Bool) -> [[Occurrence]] {
    inWeek.meetings.map { inWeek.occurrences(of: $0, from: from, until: until, limit: 1, plainRulesCounted: counted) }
}
require(occurrences(counted: true) == occurrences(counted: false), "plain rules counted")
measure("plain rules counted", count: inWeek.meetings.count) { _ = occurrences(counted: true) } general: { _ = occurrences(counted: false) }

// What a command ends with, left to the exit: only the general path, freeing the meetings and
// their views value by value, takes time (leaving them costs nothing). Each run frees a fresh read.
let store = try SQLiteStore.open(path: path)
var freeing: [Double] = []
for _ in 0..<5 {
    var meetings = try await store.meetings(in: [.creating, .scheduled, .cancelled]).meetings
    var views = meetings.map { MeetingView($0, sipDomain: "example.com", webBaseURL: "https://join.example.com") }
    let elapsed = ContinuousClock().measure {
        meetings = []
        views = []
    }
    require(meetings.isEmpty && views.isEmpty, "left for exit")
    freeing.append(milliseconds(elapsed))
}
print(["left for exit", "0.00", String(format: "%.2f", freeing.sorted()[2]), String(scan.meetings.count)].joined(separator: "\t"))
