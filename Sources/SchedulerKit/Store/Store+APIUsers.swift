import Foundation
import GRDB

/// A user of `serve`'s HTTPS API.
public struct APIUser: Sendable, Equatable, StableJSON {
    public var name: String
    public var createdAt: String
    public var updatedAt: String
}

extension Store {
    /// Every API user, by name.
    public func apiUsers() throws -> [APIUser] {
        try Self.translatingErrors(path: path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT name, createdAt, updatedAt FROM apiUser ORDER BY name").map {
                    APIUser(name: $0["name"], createdAt: $0["createdAt"], updatedAt: $0["updatedAt"])
                }
            }
        }
    }

    /// The bcrypt hash of a user's password, nil when there is no such user.
    public func apiUserHash(_ name: String) throws -> String? {
        try Self.translatingErrors(path: path) {
            try pool.read { db in try String.fetchOne(db, sql: "SELECT passwordHash FROM apiUser WHERE name = ?", arguments: [name]) }
        }
    }

    /// Adds a user or sets a new password; true when the user is new.
    @discardableResult
    public func setAPIUser(_ name: String, passwordHash: String, at now: String) throws -> Bool {
        try Self.translatingErrors(path: path) {
            try pool.write { db in
                let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM apiUser WHERE name = ?", arguments: [name]) ?? false
                try db.execute(
                    sql: """
                        INSERT INTO apiUser (name, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET passwordHash = excluded.passwordHash, updatedAt = excluded.updatedAt
                        """, arguments: [name, passwordHash, now, now])
                return !exists
            }
        }
    }

    /// Removes a user; false when there was none.
    @discardableResult
    public func removeAPIUser(_ name: String) throws -> Bool {
        try Self.translatingErrors(path: path) {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM apiUser WHERE name = ?", arguments: [name])
                return db.changesCount > 0
            }
        }
    }
}
