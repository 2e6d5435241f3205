import Foundation
import SchedulerKit

/// Where commands write: results to stdout, messages to stderr. Writes go straight to the file
/// descriptors, so a closed or full stdout is an error (exit 73), never a crash.
enum Console {
    /// Standard streams that were closed when the process started (now held open on /dev/null, so
    /// no file cmsched opens can take their numbers).
    nonisolated(unsafe) private(set) static var closedAtStart: Set<Int32> = []

    /// Call first: occupies closed standard descriptors and ignores SIGPIPE (a closed pipe then
    /// fails the write with EPIPE instead of killing the process).
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor: Int32 in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            closedAtStart.insert(descriptor)
            let null = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
        }
    }

    /// Writes text to stdout as is; fails with exit 73 when it cannot all be written.
    static func out(_ text: String) throws {
        try out(Data(text.utf8))
    }

    /// Writes bytes to stdout as they are; fails with exit 73 when they cannot all be written.
    static func out(_ bytes: some ContiguousBytes) throws {
        guard !closedAtStart.contains(STDOUT_FILENO) else {
            throw CmschedError.cannotWriteOutput("cannot write the output: standard output is closed")
        }
        if let failure = write(bytes, to: STDOUT_FILENO) {
            throw CmschedError.cannotWriteOutput("cannot write the output to standard output: \(failure)")
        }
    }

    /// Writes a prompt to stderr as it is (no prefix, no newline added).
    static func prompt(_ text: String) {
        _ = write(Data(text.utf8), to: STDERR_FILENO)
    }

    /// Writes one `cmsched: …` line to stderr; control characters in it are escaped, so one
    /// message is always one line.
    static func error(_ message: String) {
        _ = write(Data("cmsched: \(TextRules.escapingControls(message))\n".utf8), to: STDERR_FILENO)
    }

    /// Writes one `cmsched: warning: …` line to stderr.
    static func warning(_ message: String) {
        error("warning: \(message)")
    }

    /// One warning per meeting row that could not be read back (and was skipped).
    static func warnUnreadable(_ rows: [UnreadableMeeting]) {
        for row in rows { warning("skipped: \(row.reason)") }
    }

    /// Rewrites a progress line in place on stderr (a TTY); nil clears it.
    static func progress(_ text: String?) {
        _ = write(Data("\r\u{1B}[K\(text ?? "")".utf8), to: STDERR_FILENO)
    }

    /// Writes all of `data`; the error text on failure.
    private static func write(_ bytes: some ContiguousBytes, to descriptor: Int32) -> String? {
        bytes.withUnsafeBytes { DescriptorIO.write($0, to: descriptor) }
    }
}
