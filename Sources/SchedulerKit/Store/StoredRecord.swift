import Foundation

/// A row of one of the store's tables, as every engine reads and writes it: its columns listed
/// once, by name, in one order. Each engine binds and reads them its own way (`SQLite/`,
/// `Postgres/`); both hold the same values (times as `StoredDate` text, integers as 64 bits).
@_spi(Bench) public protocol StoredRecord {
    /// The table's name, as the schema of every engine spells it.
    static var databaseTableName: String { get }
    /// The primary key's columns, where an upsert meets the row it updates.
    static var keyColumns: [String] { get }
    /// Reads every column, always the same names in the same order.
    init<Columns: ColumnSource>(_ column: inout Columns) throws
    /// Hands each column's name and value to `column`, always the same names in the same order.
    func write<Writer: ColumnWriter>(to column: inout Writer)
}

/// A value a column holds: text, a 64-bit integer, or NULL.
@_spi(Bench) public enum StoredForm {
    case text(String)
    case integer(Int64)
    case null
}

/// A Swift value a record writes to a column.
@_spi(Bench) public protocol StoredValue {
    var storedForm: StoredForm { get }
}

@_spi(Bench) extension String: StoredValue {
    @_spi(Bench) public var storedForm: StoredForm { .text(self) }
}

@_spi(Bench) extension Int: StoredValue {
    @_spi(Bench) public var storedForm: StoredForm { .integer(Int64(self)) }
}

@_spi(Bench) extension Int64: StoredValue {
    @_spi(Bench) public var storedForm: StoredForm { .integer(self) }
}

/// What a record's columns are written to.
@_spi(Bench) public protocol ColumnWriter {
    mutating func callAsFunction<Value: StoredValue>(_ name: String, _ value: Value?)
}

/// What a record's columns are read from, by name, in the order the record asks for them.
@_spi(Bench) public protocol ColumnSource {
    mutating func callAsFunction(_ name: String) throws -> String?
    mutating func callAsFunction(_ name: String) throws -> String
    mutating func callAsFunction(_ name: String) throws -> Int?
    mutating func callAsFunction(_ name: String) throws -> Int
    mutating func callAsFunction(_ name: String) throws -> Int64?
    mutating func callAsFunction(_ name: String) throws -> Date?
    mutating func callAsFunction(_ name: String) throws -> Date
    /// A text column whose values repeat from row to row (a state, a zone, an organizer, the
    /// space of a run of access methods): a source may give back the string it made for the same
    /// text before.
    mutating func repeated(_ name: String) throws -> String?
    mutating func repeated(_ name: String) throws -> String
}

extension ColumnSource {
    @_spi(Bench) public mutating func repeated(_ name: String) throws -> String? { try self(name) }
    @_spi(Bench) public mutating func repeated(_ name: String) throws -> String { try self(name) }
}

/// The column names of a record, in the order it writes them.
struct ColumnNames: ColumnWriter {
    var names: [String] = []

    init<Record: StoredRecord>(of record: Record) {
        record.write(to: &self)
    }

    mutating func callAsFunction<Value: StoredValue>(_ name: String, _ value: Value?) {
        names.append(name)
    }
}

/// The insert and upsert text of a record type, made once per type and engine: `quote` spells a
/// column's name, `placeholder` the n-th (from 1) bound value.
final class StatementTexts: @unchecked Sendable {
    private let quote: (String) -> String
    private let placeholder: (Int) -> String
    private let lock = NSLock()
    private var texts: [ObjectIdentifier: (insert: String, upsert: String)] = [:]

    init(quote: @escaping (String) -> String, placeholder: @escaping (Int) -> String) {
        self.quote = quote
        self.placeholder = placeholder
    }

    func texts<Record: StoredRecord>(for record: Record) -> (insert: String, upsert: String) {
        lock.lock()
        defer { lock.unlock() }
        if let found = texts[ObjectIdentifier(Record.self)] { return found }
        let names = ColumnNames(of: record).names
        func quoted(_ names: [String]) -> String { names.map(quote).joined(separator: ", ") }
        let insert = "INSERT INTO \(quote(Record.databaseTableName)) (\(quoted(names))) VALUES ("
            + names.indices.map { placeholder($0 + 1) }.joined(separator: ", ") + ")"
        let updated = names.filter { !Record.keyColumns.contains($0) }.map { "\(quote($0)) = excluded.\(quote($0))" }
        let upsert = insert + " ON CONFLICT (\(quoted(Record.keyColumns))) "
            + (updated.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updated.joined(separator: ", "))
        texts[ObjectIdentifier(Record.self)] = (insert, upsert)
        return (insert, upsert)
    }
}
