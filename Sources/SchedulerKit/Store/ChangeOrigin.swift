import Foundation

/// Through which path a meeting was written, and by whom: each write records it on the meeting
/// row, and the change log copies it (by trigger) with the time, so a meeting's history says
/// who changed it through what. Set per task: `serve` runs as `.serve`, its HTTPS API and C2W
/// requests as their user; anything else is the command line of the OS user running it.
public struct ChangeOrigin: Sendable, Equatable {
    public enum Path: String, Sendable {
        case cli, https, c2w, serve
    }

    public var path: Path
    public var user: String?

    public init(_ path: Path, user: String? = nil) {
        self.path = path
        // Whatever a peer named itself, kept short and printable.
        self.user = user.map { TextRules.escapingControls(String($0.prefix(128))) }
    }

    @TaskLocal public static var current = ChangeOrigin(.cli, user: ProcessInfo.processInfo.environment["USER"] ?? NSUserName())

    /// `https:portal`, as the store holds it.
    public var stored: String { user.map { "\(path.rawValue):\($0)" } ?? path.rawValue }

    /// As the store holds it; nil for text no cmsched wrote (or a NULL of a row from before v9).
    public init?(stored text: String?) {
        guard let text else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let path = parts.first.flatMap(Path.init(rawValue:)) else { return nil }
        self.init(path, user: parts.count > 1 ? parts[1] : nil)
    }

    /// The path in words.
    public var words: String {
        switch path {
        case .cli: "command line"
        case .https: "HTTPS API"
        case .c2w: "web app (C2W)"
        case .serve: "serve (its own jobs)"
        }
    }
}

/// One entry of a meeting's history, from the change log.
public struct MeetingHistoryEntry: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    /// Nil for a change recorded before cmsched kept the path (schema v9).
    public var origin: ChangeOrigin?
}
