import Foundation
import Synchronization

/// Time zones by their IANA name, each made once per process. Foundation's
/// `TimeZone(identifier:)` asks ICU for the zone's canonical name at every call; a meeting's zone
/// was made again each time it was read, listed, expanded or shown (bench/RESULTS.md, "Less work
/// per meeting on the read path"). A zone's rules are tzdata's, read when the zone is first made,
/// as Foundation keeps them.
public enum Zones {
    /// At most this many names are kept (tzdata has about 600); a name beyond is made each time.
    static let kept = 1_000

    private static let made = Mutex<[String: TimeZone]>([:])

    /// The zone named `identifier`, nil for a name Foundation does not know.
    public static func named(_ identifier: String) -> TimeZone? {
        if let zone = made.withLock({ $0[identifier] }) { return zone }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        made.withLock { if $0.count < kept { $0[identifier] = zone } }
        return zone
    }
}
