import Foundation

/// Where the store is: a SQLite file (a path, or `sqlite:PATH`), or a PostgreSQL database
/// (`postgres://USER@HOST[:PORT]/DB[?sslmode=verify-full|require|disable]`). What `--db` and the
/// config key `store.url` take.
public enum StoreURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Reads `text`; a bad one is a configuration error (exit 78) naming `origin` and why.
    public static func parse(_ text: String, origin: String) throws -> StoreURL {
        func bad(_ why: String) -> CmschedError { .configuration("\(origin): invalid value '\(PostgresAddress.redacted(text))': \(why)") }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresAddress(text, bad))
        }
        if text.contains("://") { throw bad("expected a file path, sqlite:PATH or postgres://USER@HOST[:PORT]/DB") }
        let path = text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
        guard !path.isEmpty else { throw bad("the SQLite path is empty") }
        return .sqlite(path: path)
    }

    /// As messages show it: the path, or the URL (it never holds a password).
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let address): address.description
        }
    }
}

/// A PostgreSQL database as `store.url` names it. It holds no password: that comes from
/// `store.password_file`, `$CMSCHED_STORE_PASSWORD` or the standard `PGPASSFILE`/`~/.pgpass`.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected. cmsched never accepts a certificate it cannot verify.
    public enum SSLMode: String, Sendable {
        /// TLS; the certificate chains to the trusted CA and names the host (the default).
        case verifyFull = "verify-full"
        /// TLS; the certificate chains to the trusted CA, whatever host it names (libpq's verify-ca).
        case require
        /// No TLS: loopback addresses and Unix sockets only.
        case disable
    }

    public var user: String
    /// A host name or address; nil for a Unix socket.
    public var host: String?
    /// The folder of the server's Unix socket (`?host=/var/run/postgresql`), when not over TCP.
    public var socketFolder: String?
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    /// Checked as cmsched's rules demand: no password in the URL, plain connections only to
    /// loopback or a Unix socket.
    init(_ text: String, _ bad: (String) -> CmschedError) throws {
        guard let components = URLComponents(string: text) else { throw bad("not a URL") }
        guard components.password == nil else {
            throw bad("a password does not belong in the URL; put it in store.password_file (mode 600) or ~/.pgpass")
        }
        guard let user = components.user, !user.isEmpty else { throw bad("name the role: postgres://USER@HOST/DB") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("name the database: postgres://USER@HOST/DB") }
        var mode = SSLMode.verifyFull
        var socketFolder: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw bad("sslmode must be verify-full, require or disable")
                }
                mode = value
            case "host":
                guard let folder = item.value, folder.hasPrefix("/") else { throw bad("host= must be the absolute folder of a Unix socket") }
                socketFolder = folder
            default:
                throw bad("unknown parameter '\(item.name)' (cmsched reads sslmode and host)")
            }
        }
        var host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        if let bracketed = host, bracketed.hasPrefix("[") { host = String(bracketed.dropFirst().dropLast()) }
        guard (host == nil) != (socketFolder == nil) else {
            throw bad("give either a host (postgres://USER@HOST/DB) or a socket folder (postgres://USER@/DB?host=/run/postgresql)")
        }
        if let host, !ConfigKey.isHostName(host) { throw bad("'\(host)' is not a host name or address") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("the port must be 1-65535") }
        if mode == .disable, let host, !Self.isLoopback(host) {
            throw bad("sslmode=disable would send the password in clear to \(host); it is accepted only for loopback and Unix sockets")
        }
        if socketFolder != nil { mode = .disable }
        self.user = user
        self.host = host
        self.socketFolder = socketFolder
        self.port = port
        self.database = database
        self.sslMode = mode
    }

    /// The socket file, for a Unix-socket address.
    public var socketPath: String? { socketFolder.map { "\($0)/.s.PGSQL.\(port)" } }

    public var description: String {
        let place = host.map { $0.contains(":") ? "[\($0)]:\(port)" : "\($0):\(port)" } ?? ""
        let query = socketFolder.map { "?host=\($0)" } ?? (sslMode == .verifyFull ? "" : "?sslmode=\(sslMode.rawValue)")
        return "postgres://\(user)@\(place)/\(database)\(query)"
    }

    /// A name for this database usable in a file name (this host's lock files and snapshot).
    var fileName: String {
        let place = host ?? socketFolder ?? ""
        let text = "postgres-\(place)-\(port)-\(database)"
        return String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `text` with any password in it replaced, for error messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}
