import Foundation
import GRDB


extension SQLiteStore {
    /// Every API user, by name.
    public func apiUsers() async throws -> [APIUser] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT name, createdAt, updatedAt FROM apiUser ORDER BY name").map {
                APIUser(name: $0["name"], createdAt: $0["createdAt"], updatedAt: $0["updatedAt"])
            }
        }
    }

    /// The bcrypt hash of a user's password, nil when there is no such user.
    public func apiUserHash(_ name: String) async throws -> String? {
        try reading { db in try String.fetchOne(db, sql: "SELECT passwordHash FROM apiUser WHERE name = ?", arguments: [name]) }
    }

    /// Adds a user or sets a new password; true when the user is new.
    @discardableResult
    public func setAPIUser(_ name: String, passwordHash: String, at now: String) async throws -> Bool {
        try writingNow { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM apiUser WHERE name = ?", arguments: [name]) ?? false
            try db.execute(
                sql: """
                    INSERT INTO apiUser (name, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET passwordHash = excluded.passwordHash, updatedAt = excluded.updatedAt
                    """, arguments: [name, passwordHash, now, now])
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
