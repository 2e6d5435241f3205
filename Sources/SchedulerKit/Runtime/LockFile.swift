import Foundation

/// An exclusive lock for one kind of job, beside the database (`cmsched.sqlite.cleanup-run.lock`),
/// held with `flock` for the life of the process: a crashed holder releases it automatically.
/// Different jobs have different locks, so a long bulk create never holds up the outbox sender.
/// The lock is keyed on the database's real path, so a symlink or another spelling of the same
/// file takes the same lock. The file names the holder for error messages.
public final class LockFile: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    /// Takes the lock of `job` (e.g. `cleanup run`), waiting up to `wait` for another holder, or
    /// fails with exit 75 naming the holder.
    public init(beside databasePath: String, job: String, wait: Duration = .zero) throws {
        path = Self.path(beside: databasePath, suffix: job.replacingOccurrences(of: " ", with: "-"))
        descriptor = try Self.openLockFile(path)
        let deadline = ContinuousClock.now + wait
        var taken = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        while !taken && ContinuousClock.now < deadline {
            usleep(20_000)
            taken = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        }
        guard taken else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw CmschedError.temporary(
                "lock \(path) is held by \(holder.isEmpty ? "another cmsched" : holder); try again when it has finished")
        }
        // The wall clock: the holder line is for people reading the lock file.
        let holder = "pid \(getpid()) (\(job)) since \(RFC3339.string(Date(), in: .gmt))\n"
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

    /// `<real database path>.<suffix>.lock`: the database path with symlinks and `..` resolved
    /// (the file's folder when the file does not exist yet).
    static func path(beside databasePath: String, suffix: String) -> String {
        realPath(databasePath) + "." + suffix + ".lock"
    }

    private static func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = (path as NSString).deletingLastPathComponent
        guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + (path as NSString).lastPathComponent
    }

    static func openLockFile(_ path: String) throws -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CmschedError.ioError("cannot open lock file \(path): \(errnoText())") }
        return descriptor
    }
}

/// The per-meeting guard that every change of one meeting takes (update, delete, cleanup), in
/// any process: a byte-range lock on `<database>.meetings.lock`, one byte per meeting (by a hash of
/// its id). Open-file-description locks, so two tasks of one process exclude each other too.
/// Taken through `SQLiteStore.withMeetingGuard`.
public final class MeetingGuard: @unchecked Sendable {
    private var descriptor: Int32

    /// Linux's F_OFD_SETLK (Glibc exports it only under _GNU_SOURCE).
    private static let setLock: Int32 = 37

    /// How often a waiting taker tries again.
    private static let retry: Duration = .milliseconds(50)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the guard of `meetingId`, waiting up to `wait` for another holder (suspended, not
    /// holding a thread); fails with exit 75.
    static func take(databasePath: String, meetingId: String, wait: Duration) async throws -> MeetingGuard {
        let descriptor = try LockFile.openLockFile(LockFile.path(beside: databasePath, suffix: "meetings"))
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(FNV1a.hash(Data(meetingId.utf8)) % 1_048_573)
        lock.l_len = 1
        let deadline = ContinuousClock.now + wait
        while fcntl(descriptor, Self.setLock, &lock) != 0 {
            guard errno == EAGAIN || errno == EACCES || errno == EINTR, ContinuousClock.now < deadline else {
                close(descriptor)
                throw CmschedError.meetingBusy(meetingId)
            }
            do {
                try await Task.sleep(for: retry)
            } catch {
                close(descriptor)
                throw error
            }
        }
        return MeetingGuard(descriptor: descriptor)
    }

    /// Releases the guard (closing the file releases an OFD lock).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
