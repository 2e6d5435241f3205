import Foundation
import GRDB

/// The store's records as GRDB reads and writes them: inserted through GRDB's persistence
/// (`encode(to:)`, from the record's columns), upserted through the statement text both engines
/// share (`StatementTexts`: a conflict on the key updates the row; GRDB's own `upsert` would also
/// take a conflict on any other unique index for an update). Binding the insert by position was
/// once a fast path; measured alone it saved 0.2 % of a bulk run (bench/RESULTS.md, "Fast paths").
@_spi(Bench) public protocol ColumnWritable: PersistableRecord, StoredRecord {}

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
    @_spi(Bench) public func encode(to container: inout PersistenceContainer) throws {
        var writer = ContainerWriter(container: container)
        write(to: &writer)
        container = writer.container
    }

    /// Inserts the row; an existing key fails.
    func insertRow(_ db: Database) throws {
        try insert(db)
    }

    /// Inserts the row, or updates every other column of the row with its key (update triggers
    /// fire then, as for GRDB's `save`).
    func upsertRow(_ db: Database) throws {
        var values = ArgumentWriter()
        write(to: &values)
        try db.cachedStatement(sql: Self.statementTexts.texts(for: self).upsert).execute(arguments: StatementArguments(values.values))
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
