import Foundation
import Logging
import SchedulerKit

/// The store engines every store test runs against.
public enum StoreEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// Fresh stores for tests: a SQLite file in a new folder, or a new database on the throwaway
/// PostgreSQL server `scripts/postgres-server` started for this run (`scripts/test` starts it;
/// without it, PostgreSQL tests fail saying so).
public enum TestStores {
    /// The server's base URL (its `postgres` database), CA file and password file: the run's, or
    /// (`environment`) another's, as its `env` file sets them.
    public static func postgresServer(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (url: String, ca: String, passwordFile: String) {
        guard let url = environment["CMSCHED_TEST_POSTGRES_URL"], let ca = environment["CMSCHED_TEST_POSTGRES_CA"],
            let passwordFile = environment["CMSCHED_TEST_POSTGRES_PASSWORD_FILE"]
        else {
            throw TestStoreError(
                "no PostgreSQL server for the tests: run them with scripts/test (or `scripts/postgres-server start DIR` and source DIR/env)")
        }
        return (url, ca, passwordFile)
    }

    /// A new, empty database on the test server (or on the one `environment` names); returns its store URL.
    public static func freshPostgresURL(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let server = try postgresServer(environment)
        let name = "cmsched_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try psql(server.url, "CREATE DATABASE \(name)", environment)
        return String(server.url.dropLast("postgres".count)) + name
    }

    /// Runs `sql` on the test server's database `url` through psql (TLS verified, password from the file).
    public static func psql(_ url: String, _ sql: String, _ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        _ = try psqlValue(url, sql, environment)
    }

    /// What `sql` prints through psql, unaligned and without headers (one value: that value).
    public static func psqlValue(
        _ url: String, _ sql: String, _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String {
        let server = try postgresServer(environment)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql]
        var environment = ProcessInfo.processInfo.environment
        environment["PGSSLMODE"] = "verify-full"
        environment["PGSSLROOTCERT"] = server.ca
        environment["PGPASSWORD"] = try String(contentsOfFile: server.passwordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.environment = environment
        let (errors, output) = (Pipe(), Pipe())
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestStoreError("psql \(sql): " + String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The environment variables that point cmsched at the test server's database `url`.
    public static func postgresEnvironment(
        _ url: String, _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [String: String] {
        let server = try postgresServer(environment)
        return ["CMSCHED_STORE_URL": url, "CMSCHED_STORE_CA_FILE": server.ca, "CMSCHED_STORE_PASSWORD_FILE": server.passwordFile]
    }

    /// A fresh store of `engine`.
    public static func open(_ engine: StoreEngine) async throws -> any SchedulerStore {
        switch engine {
        case .sqlite:
            return try SQLiteStore.open(path: StaleFolders.path(prefix: "cmsched-store-") + "/cmsched.sqlite")
        case .postgres:
            return try await openPostgres(try freshPostgresURL())
        }
    }

    /// The store at `url` on the test server (opened, and migrated when new); `spare` as
    /// `PostgresStore.open` takes it.
    public static func openPostgres(_ url: String, spare: SpareConnection.Limits = SpareConnection.Limits()) async throws -> PostgresStore {
        let server = try postgresServer()
        guard case .postgres(let address) = try StoreURL.parse(url, origin: "test") else { throw TestStoreError("not a postgres URL: \(url)") }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try await PostgresStore.open(
            address: address, password: try String(contentsOfFile: server.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines),
            caFile: server.ca, localPath: StaleFolders.path(prefix: "cmsched-pg-") + "/store", logger: logger, spare: spare)
    }
}

/// A PostgreSQL server of one test's own (`scripts/postgres-server`), for faults that would
/// disturb the run's shared one: stopped and started again while cmsched uses it.
public final class PrivatePostgres: @unchecked Sendable {
    public let folder: String
    /// Its `env` file's settings, to pass where the run's environment is the default.
    public let environment: [String: String]

    public init() throws {
        folder = NSTemporaryDirectory() + "cmsched-pg-\(UUID().uuidString)"
        try Self.script("start", folder)
        var settings: [String: String] = [:]
        for line in try String(contentsOfFile: folder + "/env", encoding: .utf8).split(separator: "\n") {
            let pair = line.replacingOccurrences(of: "export ", with: "").split(separator: "=", maxSplits: 1)
            if pair.count == 2 { settings[String(pair[0])] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
        }
        environment = settings
    }

    public func stop() throws { try Self.script("stop", folder) }
    public func resume() throws { try Self.script("resume", folder) }

    deinit {
        try? Self.script("stop", folder)
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func script(_ command: String, _ folder: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/postgres-server")
        process.arguments = [command, folder]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestStoreError("scripts/postgres-server \(command) \(folder) failed") }
    }
}

public struct TestStoreError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
