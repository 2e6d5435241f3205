import Foundation
import GRDB


extension SQLiteStore {
    /// Every API user, by name.
    public func apiUsers() async throws -> [APIUser] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT name, role, createdAt, updatedAt FROM apiUser ORDER BY name").map {
                APIUser(name: $0["name"], role: $0["role"], createdAt: $0["createdAt"], updatedAt: $0["updatedAt"])
            }
        }
    }

    public func apiUserCredentials(_ name: String) async throws -> (hash: String, role: String)? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT passwordHash, role FROM apiUser WHERE name = ?", arguments: [name])
                .map { ($0["passwordHash"], $0["role"]) }
        }
    }

    @discardableResult
    public func setAPIUser(_ name: String, passwordHash: String, role: APIRole?, at now: String) async throws -> Bool {
        try writingNow { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM apiUser WHERE name = ?", arguments: [name]) ?? false
            try db.execute(
                sql: """
                    INSERT INTO apiUser (name, passwordHash, role, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET passwordHash = excluded.passwordHash, updatedAt = excluded.updatedAt,
                        role = CASE WHEN ? THEN excluded.role ELSE apiUser.role END
                    """, arguments: [name, passwordHash, (role ?? APIRole.newUser).rawValue, now, now, role != nil])
            return !exists
        }
    }

    /// Removes a user; false when there was none.
    @discardableResult
    public func removeAPIUser(_ name: String) async throws -> Bool {
        try writingNow { db in
            try db.execute(sql: "DELETE FROM apiUser WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
