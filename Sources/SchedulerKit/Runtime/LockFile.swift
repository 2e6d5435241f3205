import Foundation

/// An exclusive lock for one kind of job, beside the database (`cmsched.sqlite.cleanup-run.lock`),
/// held with `flock` for the life of the process: a crashed holder releases it automatically.
/// Different jobs have different locks, so a long bulk create never holds up the outbox sender.
/// The file names the holder for error messages.
public final class LockFile: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    /// Takes the lock of `job` (e.g. `cleanup run`) or fails with exit 75 naming the holder.
    public init(beside databasePath: String, job: String) throws {
        path = databasePath + "." + job.replacingOccurrences(of: " ", with: "-") + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CmschedError.ioError("cannot open lock file \(path): \(errnoText())") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw CmschedError.temporary(
                "lock \(path) is held by \(holder.isEmpty ? "another cmsched" : holder); try again when it has finished")
        }
        let holder = "pid \(getpid()) (\(job)) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = holder.withCString { write(descriptor, $0, strlen($0)) }
    }

    /// Releases the lock (also released when the process exits).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
