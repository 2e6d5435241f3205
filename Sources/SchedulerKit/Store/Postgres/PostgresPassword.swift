import Foundation

/// The password for a PostgreSQL role: `$CMSCHED_STORE_PASSWORD`, `store.password_file`, or the
/// standard password file (`$PGPASSFILE`, else `~/.pgpass`), each refused when others can read it.
enum PostgresPassword {
    static func find(for address: PostgresAddress, settings: Settings, environment: [String: String]) throws -> String? {
        if let secret = try settings.secret(.storePassword) { return secret }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let explicit = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? home + "/.pgpass"
        guard explicit != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try SecretFile.read(path, for: explicit != nil ? "$PGPASSFILE" : "~/.pgpass")
        return match(text, host: address.host ?? "localhost", port: address.port, database: address.database, user: address.user)
    }

    /// The password of the first line of a password file (`host:port:database:user:password`,
    /// `*` matching anything, `\:` and `\\` escaped, `#` comments) that matches.
    static func match(_ text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    private static func split(_ line: String) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
