import GRDB

/// A store record read column by column, by name (see `ColumnReader`).
protocol ColumnRecord: FetchableRecord {
    /// Reads every column, always the same names in the same order.
    init(_ column: inout ColumnReader) throws
}

extension ColumnRecord {
    init(row: Row) throws {
        var reader = ColumnReader(row, positions: nil)
        try self.init(&reader)
    }

    /// Every record `statement` returns.
    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Self] {
        try fetchAll(statement, arguments: arguments) { _, record in record }
    }

    /// Every record `statement` returns, each with the `rowid` it selects first.
    static func fetchAllNumbered(_ statement: Statement, arguments: StatementArguments) throws -> [(rowid: Int64, record: Self)] {
        try fetchAll(statement, arguments: arguments) { row, record in (try row.decode(Int64.self, atIndex: 0), record) }
    }

    /// Each row of `statement` read as a record, then made into `T` with its row. Each column name
    /// is looked up once for the statement rather than once per row: GRDB lowercases and hashes a
    /// name on every lookup, which was a twentieth of reading the whole store.
    private static func fetchAll<T>(
        _ statement: Statement, arguments: StatementArguments, _ make: (Row, Self) throws -> T
    ) throws -> [T] {
        let positions = ColumnPositions(statement)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var made: [T] = []
        while let row = try rows.next() {
            var reader = ColumnReader(row, positions: positions)
            made.append(try make(row, try Self(&reader)))
        }
        return made
    }
}

/// Where the columns a record reads sit in one statement's rows, noted as the first row is read.
final class ColumnPositions {
    fileprivate let statement: Statement
    fileprivate var positions: [Int?] = []
    fileprivate var names: [String] = []

    init(_ statement: Statement) {
        self.statement = statement
    }
}

/// Reads a row's columns by name, in the order a record asks for them. With positions, the
/// n-th name asked is looked up only for the first row; later rows read the n-th by position.
struct ColumnReader {
    private let row: Row
    private let positions: ColumnPositions?
    private var next = 0

    init(_ row: Row, positions: ColumnPositions?) {
        self.row = row
        self.positions = positions
    }

    /// The position of `name` in this row, or nil (by name) when the statement has no such
    /// column or there are no positions to use.
    private mutating func position(_ name: String) -> Int? {
        defer { next += 1 }
        guard let positions else { return nil }
        if next == positions.positions.count {
            positions.positions.append(positions.statement.index(ofColumn: name))
            positions.names.append(name)
        }
        assert(positions.names[next] == name, "columns are read in one order: \(positions.names[next]) then \(name)")
        return positions.positions[next]
    }

    mutating func callAsFunction<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ name: String) throws -> Value {
        guard let index = position(name) else { return try row.decode(forColumn: name) }
        return try row.decode(atIndex: index)
    }

    mutating func callAsFunction<Value: DatabaseValueConvertible>(_ name: String) throws -> Value {
        guard let index = position(name) else { return try row.decode(forColumn: name) }
        return try row.decode(atIndex: index)
    }
}
