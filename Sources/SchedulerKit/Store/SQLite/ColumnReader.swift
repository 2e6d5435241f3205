import Foundation
import GRDB
import GRDBSQLite

/// A store record as GRDB fetches it, column by column, by name (see `ColumnReader`).
@_spi(Bench) public protocol ColumnRecord: FetchableRecord, StoredRecord {}

extension ColumnRecord {
    @_spi(Bench) public init(row: Row) throws {
        var reader = ColumnReader(row, positions: nil)
        try self.init(&reader)
    }

    /// Every record `statement` returns.
    @_spi(Bench) public static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Self] {
        var records: [Self] = []
        try forEach(statement, arguments: arguments) { (record: consuming Self) in records.append(record) }
        return records
    }

    /// Each row of `statement` read as a record and handed to `body` (the statement is at that
    /// row meanwhile). Each column name is looked up once for the statement rather than once per
    /// row, as GRDB does, lowercasing and hashing it (a fast path: bench/RESULTS.md, "Fast paths";
    /// FastPathDifferentialTests compares it with GRDB's rows on random data).
    static func forEach(_ statement: Statement, arguments: StatementArguments, _ body: (consuming Self) throws -> Void) throws {
        let positions = ColumnPositions(statement)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        try withExtendedLifetime(positions) {
            while let row = try rows.next() {
                var reader = ColumnReader(row, positions: .passUnretained(positions))
                try body(try Self(&reader))
            }
        }
    }
}

/// Records in the order of their rowids, cut where the key changes: a table keeps a space's roles
/// and a meeting's attendees together, so they are grouped by comparing each key with the one
/// before rather than by hashing each (one look-up per run, by the reader of the slots).
struct KeyRuns<Record: Sendable>: Sendable {
    var keys: [String] = []
    var runs: [[Record]] = []

    /// `record` after the others: in the last run when its key is that run's, else in a new one.
    mutating func append(_ record: consuming Record, key: String) {
        if let last = keys.last, last == key {
            runs[runs.count - 1].append(record)
        } else {
            keys.append(key)
            runs.append([record])
        }
    }

    /// The runs put in the slots of their keys (runs whose key has none are left out): a key
    /// that comes back later has its runs joined in rowid order.
    func grouped(slots: [String: Int]) -> [[Record]] {
        var groups = [[Record]](repeating: [], count: slots.count)
        for index in keys.indices {
            guard let slot = slots[keys[index]] else { continue }
            if groups[slot].isEmpty { groups[slot] = runs[index] } else { groups[slot] += runs[index] }
        }
        return groups
    }
}

extension ColumnRecord where Self: Sendable {
    /// The records `statement` returns (it selects `rowid` first) as runs of one key, in rowid
    /// order: grouped by the slots of their keys with `KeyRuns.grouped`, the records of each key
    /// in the order they were stored.
    static func fetchRuns(_ statement: Statement, arguments: StatementArguments = [], by key: (Self) -> String) throws -> KeyRuns<Self> {
        var result = KeyRuns<Self>()
        var rowids: [Int64] = []
        try forEach(statement, arguments: arguments) { (record: consuming Self) in
            rowids.append(sqlite3_column_int64(statement.sqliteStatement, 0))
            result.append(record, key: key(record))
        }
        // A table read whole comes in rowid order. Rows found through an index of the key come
        // each key's together: each run is put in rowid order. In any other order, all are.
        guard !Self.increasing(rowids[...]) else { return result }
        if Set(result.keys).count == result.keys.count {
            var start = 0
            for run in result.runs.indices {
                let order = rowids[start..<start + result.runs[run].count]
                if !Self.increasing(order) { result.runs[run] = order.indices.sorted { order[$0] < order[$1] }.map { result.runs[run][$0 - start] } }
                start += result.runs[run].count
            }
            return result
        }
        let records = result.runs.flatMap { $0 }
        var sorted = KeyRuns<Self>()
        for index in rowids.indices.sorted(by: { rowids[$0] < rowids[$1] }) { sorted.append(records[index], key: key(records[index])) }
        return sorted
    }

    private static func increasing(_ rowids: ArraySlice<Int64>) -> Bool {
        zip(rowids, rowids.dropFirst()).allSatisfy { $0 < $1 }
    }
}

/// Where the columns a record reads sit in one statement's rows, noted as the first row is read.
/// Only the loop stepping its statement touches it, so the run-time exclusivity checks a class's
/// `var` gets are left out (bench/RESULTS.md, "Fast paths").
final class ColumnPositions {
    fileprivate let statement: Statement
    @exclusivity(unchecked) fileprivate var positions: [Int?] = []
    @exclusivity(unchecked) fileprivate var names: [String] = []
    /// The texts last read in each column read as `repeated`, by the column's index.
    @exclusivity(unchecked) private var recent: [RecentTexts] = []

    init(_ statement: Statement) {
        self.statement = statement
    }

    /// `bytes`, the text in column `column` of the current row: the string made for it before
    /// when it is one of the last few read there.
    fileprivate func repeated(column: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if column >= recent.count { recent += repeatElement(RecentTexts(), count: column + 1 - recent.count) }
        return recent[column].text(bytes)
    }
}

/// The last few different texts read in one column whose values repeat from row to row: the
/// string already made is given back instead of checking the bytes and copying them into a new
/// one (bench/RESULTS.md, "Texts read again"). A column that turns out seldom to repeat stops
/// being compared after its first rows.
struct RecentTexts {
    /// How many different texts are kept.
    static let kept = 4
    /// After this many reads, a column found less than `worth` times is no longer compared.
    static let trial = 64
    static let worth = 16

    private var texts: [String] = []
    private var lengths: [Int] = []
    private var oldest = 0
    private var reads = 0
    private var found = 0

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard reads < Self.trial || found >= Self.worth else { return String(decoding: bytes, as: UTF8.self) }
        reads &+= 1
        for index in lengths.indices where lengths[index] == bytes.count && Self.same(texts[index], bytes) {
            found &+= 1
            return texts[index]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Bytes that are not UTF-8 make a text that is not them (it holds replacement
        // characters): never found again, so not kept.
        guard text.utf8.count == bytes.count else { return text }
        if texts.count < Self.kept {
            texts.append(text)
            lengths.append(bytes.count)
        } else {
            (texts[oldest], lengths[oldest]) = (text, bytes.count)
            oldest = (oldest + 1) % Self.kept
        }
        return text
    }

    /// Whether `text` holds these bytes (of its length).
    private static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return true }
        return text.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress.unsafelyUnwrapped, start, bytes.count) == 0 } ?? false
    }
}

/// Reads a row's columns by name, in the order a record asks for them. With positions, the
/// n-th name asked is looked up only for the first row; later rows read the n-th by position,
/// and text, integers and times straight from SQLite (GRDB's generic decoding, reached through
/// its row's protocol, cost more than SQLite's own stepping).
struct ColumnReader: ColumnSource {
    private let row: Row
    /// Not retained: the loop that makes each row's reader holds it (`forEach`), and taking and
    /// dropping a reference at every column read was a tenth of a full listing's reference counting.
    private let positions: Unmanaged<ColumnPositions>?
    /// The statement at the row, when its columns are read by position.
    private let statement: SQLiteStatement?
    private var next = 0

    init(_ row: Row, positions: Unmanaged<ColumnPositions>?) {
        self.row = row
        self.positions = positions
        statement = positions?._withUnsafeGuaranteedRef { $0.statement.sqliteStatement }
    }

    /// The position of `name` in this row, or nil (by name) when the statement has no such
    /// column or there are no positions to use.
    private mutating func position(_ name: String) -> Int? {
        defer { next += 1 }
        guard let positions else { return nil }
        return positions._withUnsafeGuaranteedRef { positions in
            if next == positions.positions.count {
                positions.positions.append(positions.statement.index(ofColumn: name))
                positions.names.append(name)
            }
            assert(positions.names[next] == name, "columns are read in one order: \(positions.names[next]) then \(name)")
            return positions.positions[next]
        }
    }

    mutating func callAsFunction<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ name: String) throws -> Value {
        guard let index = position(name) else { return try row.decode(forColumn: name) }
        return try row.decode(atIndex: index)
    }

    mutating func callAsFunction<Value: DatabaseValueConvertible>(_ name: String) throws -> Value {
        guard let index = position(name) else { return try row.decode(forColumn: name) }
        return try row.decode(atIndex: index)
    }

    /// The column at `index` of the statement's current row, when it holds `type` (else nil:
    /// GRDB decodes it, converting or failing as it does).
    private func column(_ index: Int?, holding type: Int32) -> (SQLiteStatement, Int32)? {
        guard let index, let statement, sqlite3_column_type(statement, Int32(index)) == type else { return nil }
        return (statement, Int32(index))
    }

    /// The column read by `read` when SQLite holds it as `type`, nil when NULL or missing, and
    /// otherwise as GRDB decodes it. (SQLite is asked the column's type once.)
    private mutating func value<Value: DatabaseValueConvertible>(
        _ name: String, holding type: Int32, _ read: (SQLiteStatement, Int32) -> Value?
    ) throws -> Value? {
        let index = position(name)
        if let index, let statement {
            let column = Int32(index)
            switch sqlite3_column_type(statement, column) {
            case type: if let value = read(statement, column) { return value }
            case SQLITE_NULL: return nil
            default: break
            }
        }
        return try index.map { try row.decode(atIndex: $0) } ?? row.decode(forColumn: name)
    }

    private static func required<Value>(_ value: Value?, _ name: String) throws -> Value {
        guard let value else { throw DatabaseError(message: "column \(name) is NULL or missing") }
        return value
    }

    /// The column's text as SQLite holds it, valid until the statement moves on.
    private static func bytes(_ statement: SQLiteStatement, _ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, index)))
    }

    private static func text(_ statement: SQLiteStatement, _ index: Int32) -> String? {
        bytes(statement, index).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func integer(_ statement: SQLiteStatement, _ index: Int32) -> Int? {
        Int(sqlite3_column_int64(statement, index))
    }

    /// A stored time read by hand (`StoredDate`), when it has the form cmsched writes.
    private static func storedDate(_ statement: SQLiteStatement, _ index: Int32) -> Date? {
        bytes(statement, index).flatMap { StoredDate.date($0) }
    }

    mutating func callAsFunction(_ name: String) throws -> Int64? {
        guard let index = position(name) else { return try row.decode(Int64?.self, forColumn: name) }
        return try row.decode(Int64?.self, atIndex: index)
    }

    mutating func callAsFunction(_ name: String) throws -> String? { try value(name, holding: SQLITE_TEXT, Self.text) }

    mutating func repeated(_ name: String) throws -> String? {
        try value(name, holding: SQLITE_TEXT) { [positions] statement, index in
            guard let positions, let bytes = Self.bytes(statement, index) else { return Self.text(statement, index) }
            return positions._withUnsafeGuaranteedRef { $0.repeated(column: Int(index), bytes) }
        }
    }

    mutating func repeated(_ name: String) throws -> String { try Self.required(repeated(name) as String?, name) }

    mutating func callAsFunction(_ name: String) throws -> String { try Self.required(value(name, holding: SQLITE_TEXT, Self.text), name) }

    mutating func callAsFunction(_ name: String) throws -> Int? { try value(name, holding: SQLITE_INTEGER, Self.integer) }

    mutating func callAsFunction(_ name: String) throws -> Int { try Self.required(value(name, holding: SQLITE_INTEGER, Self.integer), name) }

    /// A stored time or NULL; another form of time SQLite and GRDB accept is read as GRDB reads it.
    mutating func callAsFunction(_ name: String) throws -> Date? {
        let index = position(name)
        if let (statement, column) = column(index, holding: SQLITE_TEXT), let date = Self.storedDate(statement, column) { return date }
        let value: DatabaseValue? = try index.map { try row.decode(atIndex: $0) } ?? row.decode(forColumn: name)
        guard let value, !value.isNull else { return nil }
        guard let date = StoredDate.date(value) else { throw DatabaseError(message: "column \(name) is not a time") }
        return date
    }

    mutating func callAsFunction(_ name: String) throws -> Date { try Self.required(self(name) as Date?, name) }
}
