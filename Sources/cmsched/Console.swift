import Foundation

/// Where commands write: results to stdout, messages to stderr.
enum Console {
    /// Writes text to stdout as is.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one `cmsched: …` line to stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("cmsched: \(message)\n".utf8))
    }

    /// Writes one `cmsched: warning: …` line to stderr.
    static func warning(_ message: String) {
        error("warning: \(message)")
    }

    /// Rewrites a progress line in place on stderr (a TTY); nil clears it.
    static func progress(_ text: String?) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text ?? "")".utf8))
    }
}
