import Foundation

/// Folders tests make in the temporary directory, named `PREFIX<pid>-…`: a test process cannot
/// tell when the last test using one is done, so the first path a process asks for with a prefix
/// removes those of earlier test processes that have exited.
public enum StaleFolders {
    private static let cleared = NSLock()
    nonisolated(unsafe) private static var clearedPrefixes: Set<String> = []

    /// A new folder's path, `PREFIX<pid>-<uuid>` in the temporary directory (the folder is not
    /// made); the first call with `prefix` in this process removes the stale ones first.
    public static func path(prefix: String) -> String {
        cleared.withLock {
            if clearedPrefixes.insert(prefix).inserted { remove(prefix: prefix) }
        }
        return NSTemporaryDirectory() + "\(prefix)\(getpid())-\(UUID().uuidString)"
    }

    /// Removes the folders named `PREFIX…` whose process has exited (or that name none).
    static func remove(prefix: String) {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap { Int32($0) }
            if pid.map({ $0 != getpid() && kill($0, 0) != 0 }) ?? true {
                try? FileManager.default.removeItem(atPath: temporary + name)
            }
        }
    }
}
