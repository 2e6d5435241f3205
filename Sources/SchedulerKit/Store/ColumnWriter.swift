import Foundation
import GRDB

/// A store record written column by column: its names and values listed once, in one order (the
/// write side of `ColumnRecord`). GRDB's persistence (`encode(to:)`, derived here) fills a
/// dictionary per row and matches each name against the table's schema, a sixth of a bulk
/// create's CPU; `insertRow` and `upsertRow` bind the values by position to one cached statement
/// per table instead.
protocol ColumnWritable: PersistableRecord {
    /// Hands each column's name and value to `column`, always the same names in the same order.
    func write<Writer: ColumnWriter>(to column: inout Writer)
    /// The primary key's columns, where an upsert meets the row it updates.
    static var keyColumns: [String] { get }
}

/// What a record's columns are written to.
protocol ColumnWriter {
    mutating func callAsFunction<Value: DatabaseValueConvertible>(_ name: String, _ value: Value?)
}

extension ColumnWritable {
    func encode(to container: inout PersistenceContainer) throws {
        var writer = ContainerWriter(container: container)
        write(to: &writer)
        container = writer.container
    }

    /// Inserts the row; an existing key fails, as GRDB's `insert` does.
    func insertRow(_ db: Database) throws {
        try execute(db, StatementTexts.shared.texts(for: self).insert)
    }

    /// Inserts the row, or updates every other column of the row with its key (update triggers
    /// fire then, as for GRDB's `save`).
    func upsertRow(_ db: Database) throws {
        try execute(db, StatementTexts.shared.texts(for: self).upsert)
    }

    private func execute(_ db: Database, _ sql: String) throws {
        var values = ArgumentWriter()
        write(to: &values)
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.values))
    }
}

private struct ContainerWriter: ColumnWriter {
    var container: PersistenceContainer
    mutating func callAsFunction<Value: DatabaseValueConvertible>(_ name: String, _ value: Value?) {
        container[name] = value
    }
}

private struct ArgumentWriter: ColumnWriter {
    var values: [DatabaseValue] = []
    mutating func callAsFunction<Value: DatabaseValueConvertible>(_ name: String, _ value: Value?) {
        values.append(value?.databaseValue ?? .null)
    }
}

private struct NameWriter: ColumnWriter {
    var names: [String] = []
    mutating func callAsFunction<Value: DatabaseValueConvertible>(_ name: String, _ value: Value?) {
        names.append(name)
    }
}

/// The insert and upsert text of each record type, made the first time one is written.
private final class StatementTexts: @unchecked Sendable {
    static let shared = StatementTexts()
    private let lock = NSLock()
    private var texts: [ObjectIdentifier: (insert: String, upsert: String)] = [:]

    func texts<Record: ColumnWritable>(for record: Record) -> (insert: String, upsert: String) {
        lock.lock()
        defer { lock.unlock() }
        if let found = texts[ObjectIdentifier(Record.self)] { return found }
        var writer = NameWriter()
        record.write(to: &writer)
        func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }
        let insert = "INSERT INTO \"\(Record.databaseTableName)\" (\(quoted(writer.names))) VALUES ("
            + Array(repeating: "?", count: writer.names.count).joined(separator: ", ") + ")"
        let updated = writer.names.filter { !Record.keyColumns.contains($0) }.map { "\"\($0)\" = excluded.\"\($0)\"" }
        let upsert = insert + " ON CONFLICT (\(quoted(Record.keyColumns))) "
            + (updated.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updated.joined(separator: ", "))
        texts[ObjectIdentifier(Record.self)] = (insert, upsert)
        return (insert, upsert)
    }
}
