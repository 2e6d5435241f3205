import Foundation

/// Reads secrets (passwords, private keys) from files, refusing files that others can read.
public enum SecretFile {
    /// Fails when `path` is missing, unreadable, or readable or writable by group or others.
    public static func checkPermissions(_ path: String, for key: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT {
                throw CmschedError.configuration("\(key): secret file \(path) does not exist")
            }
            throw CmschedError.permission("\(key): cannot read secret file \(path): \(errnoText())")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw CmschedError.permission(
                "\(key): secret file \(path) is readable by group or others (mode \(String(mode, radix: 8))); run chmod 600 \(path)")
        }
        guard access(path, R_OK) == 0 else {
            throw CmschedError.permission("\(key): cannot read secret file \(path): \(errnoText())")
        }
    }

    /// The file's content without a trailing line break, after the permission check.
    public static func read(_ path: String, for key: String) throws -> String {
        try checkPermissions(path, for: key)
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8)
        else { throw CmschedError.permission("\(key): cannot read secret file \(path)") }
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw CmschedError.configuration("\(key): secret file \(path) is empty") }
        return text
    }
}
