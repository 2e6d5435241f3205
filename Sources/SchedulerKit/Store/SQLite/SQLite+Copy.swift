import Foundation
import GRDB

extension SQLiteStore {
    /// Every table's columns and rows (in the order they were stored), read in one transaction,
    /// so the copy is of one moment of the store.
    func tableRows() throws -> [(String, TableRows)] {
        try reading { db in
            try TableRows.tables.map { table in
                let columns = try db.columns(in: table).map(\.name)
                let rows = try Row.fetchAll(db, sql: "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(table)\" ORDER BY rowid")
                    .map { row in
                        let values = Array(row.databaseValues)
                        return try columns.indices.map { index -> StoredForm in
                            switch values[index].storage {
                            case .null: .null
                            case .int64(let number): .integer(number)
                            case .string(let text): .text(text)
                            case .double, .blob:
                                throw CmschedError.ioError("table \(table), column \(columns[index]): a value cmsched does not write (\(values[index]))")
                            }
                        }
                    }
                return (table, TableRows(columns: columns, rows: rows))
            }
        }
    }
}
