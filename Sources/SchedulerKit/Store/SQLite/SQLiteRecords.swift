import Foundation
import GRDB

/// The store's records as GRDB reads and writes them. `insertRow` and `upsertRow` bind the values
/// by position to one cached statement per table, instead of GRDB's persistence (`encode(to:)`,
/// derived here), which fills a dictionary per row and matches each name against the table's
/// schema (a fast path: bench/RESULTS.md, "Fast paths").
protocol ColumnWritable: PersistableRecord, StoredRecord {}

extension SpaceRow: ColumnRecord, ColumnWritable {}
extension AccessMethodRow: ColumnRecord, ColumnWritable {}
extension MeetingRow: ColumnRecord, ColumnWritable {}
extension AttendeeRow: ColumnRecord, ColumnWritable {}
extension OutboxRow: ColumnRecord, ColumnWritable {}

extension StoredForm {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let number): number.databaseValue
        case .null: .null
        }
    }
}

extension ColumnWritable {
    func encode(to container: inout PersistenceContainer) throws {
        var writer = ContainerWriter(container: container)
        write(to: &writer)
        container = writer.container
    }

    /// Inserts the row; an existing key fails, as GRDB's `insert` does.
    func insertRow(_ db: Database) throws {
        try execute(db, Self.statementTexts.texts(for: self).insert)
    }

    /// Inserts the row, or updates every other column of the row with its key (update triggers
    /// fire then, as for GRDB's `save`).
    func upsertRow(_ db: Database) throws {
        try execute(db, Self.statementTexts.texts(for: self).upsert)
    }

    private func execute(_ db: Database, _ sql: String) throws {
        var values = ArgumentWriter()
        write(to: &values)
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.values))
    }

    private static var statementTexts: StatementTexts { sqliteStatementTexts }
}

private let sqliteStatementTexts = StatementTexts(quote: { "\"\($0)\"" }, placeholder: { _ in "?" })

private struct ContainerWriter: ColumnWriter {
    var container: PersistenceContainer
    mutating func callAsFunction<Value: StoredValue>(_ name: String, _ value: Value?) {
        container[name] = value?.storedForm.databaseValue ?? .null
    }
}

private struct ArgumentWriter: ColumnWriter {
    var values: [DatabaseValue] = []
    mutating func callAsFunction<Value: StoredValue>(_ name: String, _ value: Value?) {
        values.append(value?.storedForm.databaseValue ?? .null)
    }
}
