import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL store: one database shared by several schedulers. One `PostgresClient` pool
/// per process; every method is one transaction on a pooled connection. The tables, columns and
/// values are those of the SQLite store (`PostgresSchema`), so both engines answer alike.
public final class PostgresStore: SchedulerStore {
    public let address: PostgresAddress
    public let localPath: String
    let client: PostgresClient
    /// How to open a connection of its own, outside the pool (the change feed's `LISTEN`).
    let dedicated: PostgresConnection.Configuration
    /// The connection `open` checked the server with, kept for the first requests.
    private let spare: SpareConnection
    private let running: Task<Void, Never>
    let logger: Logger

    /// Most connections one process keeps to the server (a bulk run writes on up to
    /// `callbridge.concurrency` at once; `serve` reads and writes for its requests too).
    public static let maximumConnections = 12

    private init(
        address: PostgresAddress, localPath: String, client: PostgresClient, dedicated: PostgresConnection.Configuration,
        spare: SpareConnection, logger: Logger
    ) {
        self.address = address
        self.localPath = localPath
        self.client = client
        self.dedicated = dedicated
        self.spare = spare
        self.logger = logger
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Closes the connections, for a process about to exit: the kept one as a client should
    /// (Terminate, then TLS's close_notify), the pool's as postgres-nio closes them (no Terminate).
    /// A process that just ended left PostgreSQL logging "could not receive data from client:
    /// Connection reset by peer" and counting the session abandoned
    /// (`pg_stat_database.sessions_abandoned`) for every command. A server that does not answer
    /// is waited for a second at most (the TLS shutdown timeout).
    public func close() async {
        await spare.close()
        running.cancel()
        await running.value
    }

    public var location: String { address.description }

    /// Connects (TLS as `address.sslMode` says, trusting `caFile` or the system's CAs) and
    /// migrates the database; refuses one written by a newer cmsched (exit 78), untouched.
    /// `spare`: how long the connection it checks the server with serves (tests lengthen it).
    public static func open(
        address: PostgresAddress, password: String?, caFile: String?, localPath: String, logger: Logger,
        spare limits: SpareConnection.Limits = SpareConnection.Limits()
    ) async throws -> PostgresStore {
        let tls = try tlsConfiguration(address, caFile: caFile)
        let dedicated = try connectionConfiguration(address, password: password, tls: tls)
        let spare = SpareConnection(try await probe(dedicated, address: address, logger: logger), limits: limits)
        var configuration: PostgresClient.Configuration
        if let socket = address.socketPath {
            configuration = .init(unixSocketPath: socket, username: address.user, password: password, database: address.database)
        } else {
            configuration = .init(
                host: address.host ?? "localhost", port: address.port, username: address.user, password: password,
                database: address.database, tls: tls.map { .require($0) } ?? .disable)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = startupParameters(name: "cmsched")
        let store = PostgresStore(
            address: address, localPath: localPath, client: PostgresClient(configuration: configuration), dedicated: dedicated,
            spare: spare, logger: logger)
        try await store.translatingErrors { try await PostgresSchema.migrate(store) }
        return store
    }

    /// How long a connection attempt may take.
    static let connectTimeout: Duration = .seconds(10)

    /// One connection made before the pool starts: the pool retries a failing connect for a
    /// minute before it gives up, so a server that is down, a certificate that does not verify or
    /// a refused password is reported at once, for what it is. It is then the store's spare.
    private static func probe(
        _ configuration: PostgresConnection.Configuration, address: PostgresAddress, logger: Logger
    ) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch let error as PSQLError {
            throw translated(error, address: address)
        }
    }

    /// A single connection's configuration (the probe's, the change feed's).
    private static func connectionConfiguration(
        _ address: PostgresAddress, password: String?, tls: TLSConfiguration?
    ) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socket = address.socketPath {
            configuration = .init(unixSocketPath: socket, username: address.user, password: password, database: address.database)
        } else {
            let context: PostgresConnection.Configuration.TLS
            do {
                context = try tls.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
            } catch {
                throw CmschedError.configuration("store.ca_file: cannot use it for TLS: \(error)")
            }
            configuration = .init(
                host: address.host ?? "localhost", port: address.port, username: address.user, password: password,
                database: address.database, tls: context)
        }
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout.components.seconds))
        configuration.options.additionalStartupParameters = startupParameters(name: "cmsched-direct")
        return configuration
    }

    /// Settings every connection starts with: its name in `pg_stat_activity` (`cmsched` for the
    /// pool's, `cmsched-direct` for a single connection's), and no JIT. Every query of cmsched's
    /// is short: PostgreSQL compiles one whose estimated cost passes `jit_above_cost`, as a few
    /// hundred index look-ups are estimated before the tables are first analyzed (7.5 ms of
    /// compiling, 32 ms in all, for a query that ran in 2.5).
    static func startupParameters(name: String) -> [(String, String)] { [("application_name", name), ("jit", "off")] }

    /// TLS as `address.sslMode` says (nil: none), trusting `caFile` or the system's CAs.
    private static func tlsConfiguration(_ address: PostgresAddress, caFile: String?) throws -> TLSConfiguration? {
        guard address.sslMode != .disable else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = address.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
        // How long a closing connection waits for the server's close_notify (`close()`).
        tls.shutdownTimeout = .seconds(1)
        if let caFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw CmschedError.configuration("store.ca_file: cannot read certificates from \(caFile): \(error)")
            }
        }
        return tls
    }

    public func schemaVersion() async throws -> Int {
        try await translatingErrors { try await withConnection { try await PostgresSchema.version($0, logger: self.logger) } }
    }

    public func checkResponsive() async throws -> Int {
        try await transaction { connection in
            try await connection.query("SELECT count(*) FROM meeting", logger: self.logger)
            try await connection.query("CREATE TEMP TABLE probe (x INT) ON COMMIT DROP", logger: self.logger)
        }
        return try await schemaVersion()
    }

    // MARK: Connections and transactions

    /// `body` on the spare connection when it is free, else on one of the pool.
    @discardableResult
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        if let connection = spare.take() {
            defer { spare.give(connection) }
            return try await translatingErrors { try await body(connection) }
        }
        return try await translatingErrors { try await client.withConnection { try await body($0) } }
    }

    /// `body` in one transaction (READ COMMITTED, PostgreSQL's default, unless `begin` says
    /// otherwise), committed when it returns, rolled back when it throws (its error, as it threw
    /// it, is what the caller sees).
    @discardableResult
    func transaction<T>(_ begin: PostgresQuery = "BEGIN", _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.query(begin, logger: self.logger)
            let result: T
            do {
                result = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.logger)
                throw error
            }
            try await connection.query("COMMIT", logger: self.logger)
            return result
        }
    }

    /// The rows of `query`, each read as `Record` by column name.
    func fetch<Record: StoredRecord>(_ connection: PostgresConnection, _ query: PostgresQuery, as: Record.Type) async throws -> [Record] {
        var records: [Record] = []
        let positions = PostgresColumns.Positions()
        for try await row in try await connection.query(query, logger: logger) {
            var columns = PostgresColumns(row.makeRandomAccess(), positions: positions)
            records.append(try Record(&columns))
        }
        return records
    }

    /// Every row of `query` as a random-access row.
    func rows(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// Inserts `record`, or with `upsert` updates every other column of the row with its key.
    func write<Record: StoredRecord>(_ connection: PostgresConnection, _ record: Record, upsert: Bool) async throws {
        let texts = postgresStatementTexts.texts(for: record)
        var binds = BindingWriter()
        record.write(to: &binds)
        try await connection.query(PostgresQuery(unsafeSQL: upsert ? texts.upsert : texts.insert, binds: binds.bindings), logger: logger)
    }

    /// `records` (of one table) as one INSERT of as many rows, their values appended to `binds`;
    /// with `upsert`, each row meeting one with its key updates it instead; with `condition`,
    /// the rows go in only when it holds (a part of a `CompositeWrite`).
    func insertText<Record: StoredRecord>(
        _ records: [Record], upsert: Bool, when condition: String? = nil, into binds: inout BindingWriter
    ) -> String {
        let texts = postgresStatementTexts.texts(for: records[0])
        // "INSERT INTO t (columns) " of the one-row text (the names are quoted in lower case).
        let head = texts.insert[..<(texts.insert.range(of: "VALUES (")?.lowerBound ?? texts.insert.endIndex)]
        var tuples: [String] = []
        for record in records {
            let first = binds.bindings.count + 1
            record.write(to: &binds)
            tuples.append("(" + (first...binds.bindings.count).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        let values = "VALUES " + tuples.joined(separator: ", ")
        let rows = condition.map { "SELECT * FROM (\(values)) AS row WHERE \($0)" } ?? values
        return head + rows + (upsert ? texts.upsert.dropFirst(texts.insert.count) : "")
    }

    // MARK: Errors

    /// Runs `body` and turns PostgreSQL failures into cmsched errors with exit codes.
    func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw Self.translated(error, address: address)
        } catch where String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") {
            // The pool's own (its module is not public): it could not make a connection for a minute.
            throw CmschedError.temporary("database \(address) is unreachable (\(error)); try again")
        }
    }

    static func translated(_ error: PSQLError, address: PostgresAddress) -> CmschedError {
        let place = "database \(address)"
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let detail = "\(place): \(info[.message] ?? "error") (SQLSTATE \(state))"
            switch state {
            case "28000", "28P01": return .permission(detail)
            case "42501": return .permission("\(detail): grant the role the rights cmsched needs on the database")
            // A standby (read-only) server, or a full disk: the store cannot take writes now.
            case "25006", "53100": return .storeUnavailable(detail)
            case "40001", "40P01", "55P03", "57014", "53300", "57P03": return .temporary("\(detail); try again")
            case "3D000": return .configuration(detail)
            case let code where code.hasPrefix("08"): return .temporary("\(detail); try again")
            case let code where code.hasPrefix("53"), let code where code.hasPrefix("58"): return .ioError(detail)
            default: return .internalError(detail)
            }
        }
        switch error.code {
        case .sslUnsupported, .failedToAddSSLHandler:
            return .configuration("\(place): the server does not offer TLS (\(error.code)); enable ssl on it, or use sslmode=disable on loopback")
        case .authMechanismRequiresPassword:
            return .configuration("\(place): the server asks for a password: put it in store.password_file (mode 600) or ~/.pgpass")
        case .unsupportedAuthMechanism, .saslError:
            return .permission("\(place): authentication failed (\(error.code))")
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed:
            if let underlying = error.underlying, String(describing: underlying).contains("NIOSSL") || underlying is NIOSSLError {
                return .configuration("\(place): TLS failed: \(underlying) (check store.ca_file and the server's certificate)")
            }
            return .temporary("\(place) is unreachable: \(error.underlying.map { String(describing: $0) } ?? "\(error.code)"); try again")
        default:
            return .internalError("\(place): \(error.code)")
        }
    }
}

/// PostgreSQL folds unquoted names to lower case: the schema's camelCase names are created
/// unquoted, so a column is found by its name in lower case.
private func postgresName(_ name: String) -> String { "\"\(name.lowercased())\"" }

let postgresStatementTexts = StatementTexts(quote: postgresName, placeholder: { "$\($0)" })

/// Several writes as one statement: data-modifying parts (`WITH name AS (…)`), run once each,
/// all on one snapshot, in one round trip and one implicit transaction.
struct CompositeWrite {
    var binds = BindingWriter()
    private var parts: [String] = []

    mutating func add(_ name: String, _ sql: String) { parts.append("\(name) AS (\(sql))") }

    /// `value` as the next parameter; its placeholder.
    mutating func bind(_ value: String) -> String {
        binds.bindings.append(value)
        return "$\(binds.bindings.count)"
    }

    mutating func bind(_ values: [String]) -> String {
        binds.bindings.append(values)
        return "$\(binds.bindings.count)"
    }

    /// The statement, `final` (a query) after the parts.
    func text(final: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: (parts.isEmpty ? "" : "WITH " + parts.joined(separator: ", ") + " ") + final, binds: binds.bindings)
    }
}

/// A record's values as PostgreSQL binds (text and 64-bit integers, as the columns are).
struct BindingWriter: ColumnWriter {
    var bindings = PostgresBindings()

    mutating func callAsFunction<Value: StoredValue>(_ name: String, _ value: Value?) {
        append(value?.storedForm ?? .null)
    }

    /// One value as the next bind.
    mutating func append(_ value: StoredForm) {
        switch value {
        case .text(let text): bindings.append(text)
        case .integer(let number): bindings.append(number)
        case .null: bindings.appendNull()
        }
    }
}

/// A PostgreSQL row's columns by name (in lower case, see `postgresName`).
struct PostgresColumns: ColumnSource {
    let row: PostgresRandomAccessRow
    private let positions: Positions
    /// How many columns this row has been asked for.
    private var next = 0

    /// Where the columns a record reads sit in one query's rows, noted as its first row is read:
    /// a record asks for its columns in one order, and looking each name up (folded to lower
    /// case, then hashed twice) for every row was 8 % of a one-week listing on PostgreSQL.
    /// A column the rows do not have is noted too (nil), and is missing from every row.
    final class Positions {
        fileprivate var indexes: [Int?] = []
        fileprivate var names: [String] = []
    }

    init(_ row: PostgresRandomAccessRow, positions: Positions) {
        self.row = row
        self.positions = positions
    }

    private mutating func cell(_ name: String) throws -> PostgresCell {
        defer { next += 1 }
        let index: Int?
        if next < positions.indexes.count {
            assert(positions.names[next] == name, "columns are read in one order: \(positions.names[next]) then \(name)")
            index = positions.indexes[next]
        } else {
            let folded = name.lowercased()
            index = row.contains(folded) ? row[folded].columnIndex : nil
            positions.indexes.append(index)
            positions.names.append(name)
        }
        guard let index else { throw CmschedError.internalError("the database has no column \(name)") }
        return row[index]
    }

    mutating func callAsFunction(_ name: String) throws -> String? { try Self.text(cell(name)) }

    mutating func callAsFunction(_ name: String) throws -> String {
        guard let text = try Self.text(cell(name)) else { throw CmschedError.ioError("column \(name) is NULL") }
        return text
    }

    /// A text column's value, read from its bytes as `PostgresCell.decode` reads the text types
    /// (their bytes are the UTF-8 text in either format): the decoding context it takes held a
    /// reference to one JSON decoder shared by every decode, taken and dropped for each value,
    /// from two threads at once in a full listing (bench/RESULTS.md). Other types are decoded.
    private static func text(_ cell: PostgresCell) throws -> String? {
        switch cell.dataType {
        case .text, .varchar, .bpchar, .name:
            guard let bytes = cell.bytes else { return nil }
            return bytes.getString(at: bytes.readerIndex, length: bytes.readableBytes)
        default:
            return try cell.decode(String?.self)
        }
    }

    mutating func callAsFunction(_ name: String) throws -> Int? { try cell(name).decode(Int?.self) }

    mutating func callAsFunction(_ name: String) throws -> Int {
        guard let number = try cell(name).decode(Int?.self) else { throw CmschedError.ioError("column \(name) is NULL") }
        return number
    }

    mutating func callAsFunction(_ name: String) throws -> Int64? { try cell(name).decode(Int64?.self) }

    mutating func callAsFunction(_ name: String) throws -> Date? {
        guard let text = try Self.text(cell(name)) else { return nil }
        guard let date = text.utf8.withContiguousStorageIfAvailable({ StoredDate.date($0) }) ?? nil else {
            throw CmschedError.ioError("column \(name) is not a time ('\(text)')")
        }
        return date
    }

    mutating func callAsFunction(_ name: String) throws -> Date {
        guard let date = try self(name) as Date? else { throw CmschedError.ioError("column \(name) is NULL") }
        return date
    }
}

extension PostgresRandomAccessRow {
    /// The column `name` (in lower case) as `type`.
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self[name.lowercased()].decode(T.self)
    }
}

/// The connection `PostgresStore.open` made to check the server, kept rather than closed: a
/// short command (most of them make one or two queries) then opens no second connection, whose
/// TLS handshake and SCRAM exchange cost as much as the command's own work (bench/RESULTS.md).
/// One task at a time has it (others use the pool). It is closed, and the pool serves alone,
/// once it has been idle or open for its `Limits`: a long-lived process (serve, a bulk
/// run) is left with the pool's connections, which the pool checks and replaces.
public final class SpareConnection: @unchecked Sendable {
    /// How long it may sit unused, and how long it may serve at all.
    public struct Limits: Sendable {
        public var idle: Duration
        public var lifetime: Duration

        public init(idle: Duration = .seconds(10), lifetime: Duration = .seconds(30)) {
            self.idle = idle
            self.lifetime = lifetime
        }
    }

    private let lock = NSLock()
    private var connection: PostgresConnection?
    private let limits: Limits
    private let opened = ContinuousClock.now
    private var lastUsed = ContinuousClock.now

    init(_ connection: PostgresConnection, limits: Limits) {
        self.connection = connection
        self.limits = limits
    }

    /// The connection, when it is free, open and neither idle nor old; nil otherwise.
    func take() -> PostgresConnection? {
        let now = ContinuousClock.now
        let (taken, expired) = lock.withLock { () -> (PostgresConnection?, PostgresConnection?) in
            guard let connection else { return (nil, nil) }
            self.connection = nil
            guard !connection.isClosed else { return (nil, nil) }
            guard now - lastUsed < limits.idle, now - opened < limits.lifetime else { return (nil, connection) }
            return (connection, nil)
        }
        if let expired { Self.close(expired) }
        return taken
    }

    /// Gives the connection back after a use; one that closed meanwhile is let go.
    func give(_ connection: PostgresConnection) {
        let kept = lock.withLock { () -> Bool in
            guard self.connection == nil, !connection.isClosed else { return false }
            self.connection = connection
            lastUsed = .now
            return true
        }
        if !kept { Self.close(connection) }
    }

    /// Closes the kept connection, if any, and waits until it is closed.
    func close() async {
        let kept = lock.withLock { () -> PostgresConnection? in
            defer { connection = nil }
            return connection
        }
        try? await kept?.closeGracefully()
    }

    /// Closes `connection`, keeping it until it is closed (PostgresNIO requires that of a
    /// connection let go).
    static func close(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        _ = connection.close().always { _ in withExtendedLifetime(connection) {} }
    }

    deinit {
        if let connection { Self.close(connection) }
    }
}

