import Foundation
import PostgresNIO

extension PostgresStore {
    /// Loads `tables` into this (empty) database in one transaction and reads each back: its
    /// count and checksum, in the same order. Refuses (exit 73) a database holding any row; rolls
    /// back (exit 74) when a table does not read back as written. Triggers stay off while it loads
    /// (the change log is copied as it was), the identity columns continue after the highest
    /// number copied, and the tables are analyzed.
    func load(_ tables: [(String, TableRows)]) async throws -> [(rows: Int, checksum: String)] {
        try await transaction { connection in
            for (table, _) in tables {
                let count = try await rows(connection, PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).first?.value("count", as: Int.self) ?? 0
                guard count == 0 else {
                    throw CmschedError.cannotWriteOutput("the target database \(address) is not empty (table \(table) has \(count) rows); copy into an empty database")
                }
            }
            try await connection.query("ALTER TABLE meeting DISABLE TRIGGER USER", logger: logger)
            for (table, content) in tables { try await insert(connection, table: table, content) }
            try await connection.query("ALTER TABLE meeting ENABLE TRIGGER USER", logger: logger)
            for (table, column) in [("outbox", "id"), ("meetingChange", "seq"), ("run", "id")] {
                try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table.lowercased())', '\(column.lowercased())'),
                        COALESCE((SELECT max(\(column)) FROM \(table)), 0) + 1, false)
                    """), logger: logger)
            }
            var copied: [(rows: Int, checksum: String)] = []
            for (table, content) in tables {
                let back = try await read(connection, table: table, columns: content.columns)
                let checksum = TableRows.checksum(columns: content.columns, rows: back)
                guard back.count == content.rows.count, checksum == TableRows.checksum(columns: content.columns, rows: content.rows) else {
                    throw CmschedError.ioError("table \(table) did not read back as copied (\(back.count) of \(content.rows.count) rows); nothing was kept")
                }
                copied.append((back.count, checksum))
            }
            // The planner's statistics, as after a restore: until autovacuum first analyzes the
            // tables (a minute or more later), their plans are guessed (bench/RESULTS.md).
            try await connection.query(PostgresQuery(unsafeSQL: "ANALYZE " + tables.map(\.0).joined(separator: ", ")), logger: logger)
            return copied
        }
    }

    /// Inserts the rows a few hundred at a time (values bound, never spliced into the text).
    private func insert(_ connection: PostgresConnection, table: String, _ content: TableRows) async throws {
        let names = content.columns.map { "\"\($0.lowercased())\"" }.joined(separator: ", ")
        // The change log's numbers are kept as they were (its column is always generated).
        let overriding = table == "meetingChange" ? " OVERRIDING SYSTEM VALUE" : ""
        let perStatement = max(1, 10_000 / max(1, content.columns.count))
        var start = 0
        while start < content.rows.count {
            let batch = content.rows[start..<min(start + perStatement, content.rows.count)]
            var binds = BindingWriter()
            var tuples: [String] = []
            for row in batch {
                var places: [String] = []
                for value in row {
                    binds.append(value)
                    places.append("$\(binds.bindings.count)")
                }
                tuples.append("(" + places.joined(separator: ", ") + ")")
            }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO \(table) (\(names))\(overriding) VALUES " + tuples.joined(separator: ", "), binds: binds.bindings),
                logger: logger)
            start += batch.count
        }
    }

    /// A table's rows as the copy compares them: text, 64-bit integers or NULL.
    private func read(_ connection: PostgresConnection, table: String, columns: [String]) async throws -> [[StoredForm]] {
        let names = columns.map { "\"\($0.lowercased())\"" }.joined(separator: ", ")
        return try await rows(connection, PostgresQuery(unsafeSQL: "SELECT \(names) FROM \(table)")).map { row in
            try columns.indices.map { index -> StoredForm in
                let cell = row[index]
                guard cell.bytes != nil else { return .null }
                switch cell.dataType {
                case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
                default: return .text(try cell.decode(String.self))
                }
            }
        }
    }
}
