import Foundation

/// One process of one host, as it signs the rows it is working on (a meeting it is creating):
/// another process may take such a row over once the claim has expired, or at once when the
/// holder ran on the same host since its last boot and is gone (killed, crashed). A holder on
/// another host is taken for alive until its claim expires: it cannot be asked.
public struct ClaimHolder: Sendable, Equatable, CustomStringConvertible {
    /// The host name.
    public var host: String
    /// The kernel's boot id: a pid is only meaningful within one boot.
    public var boot: String
    public var pid: Int32
    /// When the process started, in clock ticks since boot (`/proc/PID/stat`, field 22): a pid
    /// used again by a later process has another.
    public var started: UInt64

    public init(host: String, boot: String, pid: Int32, started: UInt64) {
        self.host = host
        self.boot = boot
        self.pid = pid
        self.started = started
    }

    /// This process.
    public static let current = ClaimHolder(
        host: hostName(), boot: bootId() ?? "", pid: getpid(), started: startTicks(of: getpid()) ?? 0)

    /// `host boot pid started`, as stored.
    public var description: String { "\(host) \(boot) \(pid) \(started)" }

    /// A stored holder; nil for text no cmsched wrote.
    public init?(stored: String) {
        let parts = stored.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 4, let pid = Int32(parts[2]), let started = UInt64(parts[3]) else { return nil }
        self.init(host: String(parts[0]), boot: String(parts[1]), pid: pid, started: started)
    }

    /// Whether the holder is known to be gone: it ran on this host, in this boot, and no process
    /// with its pid and start time runs now. False when that cannot be known (another host).
    public var isGone: Bool {
        let here = Self.current
        guard host == here.host, !boot.isEmpty, boot == here.boot else { return false }
        return Self.startTicks(of: pid) != started
    }

    /// The kernel's host name (Foundation's `hostName` may ask DNS), with no spaces (the stored
    /// form separates its parts with them).
    private static func hostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        let bytes = name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: " ", with: "_")
    }

    private static func bootId() -> String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Field 22 of `/proc/PID/stat`, counted after the command name (which may hold spaces and
    /// parentheses: it ends at the last `)`); nil when there is no such process.
    static func startTicks(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Fields after the name start with field 3 (state): field 22 is the 20th of them.
        guard fields.count >= 20 else { return nil }
        return UInt64(fields[19])
    }
}

/// A holder's claim on a row and when it expires.
public struct Claim: Sendable, Equatable {
    public var holder: ClaimHolder
    public var expires: Date

    public init(holder: ClaimHolder, expires: Date) {
        self.holder = holder
        self.expires = expires
    }

    /// Whether another process may take the row over at `now`: the claim expired or its holder is gone.
    public func isLapsed(at now: Date) -> Bool {
        expires <= now || holder.isGone
    }
}
