import Foundation
import SchedulerKit

/// The limits `serve` holds its peers to, named in one place (README, "Limits"); those an admin
/// may change are configuration keys (`SchedulerSettings.HTTPS`).
public enum ServeLimits {
    /// The largest request head (its header fields together), and the largest single field.
    public static let maxHeaderBytes = 16 * 1024
    /// How long a graceful stop (SIGTERM) may take before what is left is cancelled.
    public static let gracefulStop = Duration.seconds(8)
    /// Requests of one Web Bridge link run at once, and how many may wait (then: busy).
    public static let linkRequests = 4
    public static let linkQueue = 16
    /// Requests of one API user run at once, and how many may wait (then: 429 busy).
    public static let userRequests = 8
    public static let userQueue = 32
    /// Password checks (bcrypt) run at once, and how many may wait for one (then: busy).
    public static let passwordChecks = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    public static let passwordQueue = 64

    /// A listing's window when the request gives no end, the widest one a request may ask for,
    /// and the most occurrences one answer holds (HTTPS `GET meetings`, C2W `meetings.list`).
    public static let defaultListWindow: TimeInterval = 30 * 86_400
    public static let widestListWindow: TimeInterval = 366 * 86_400
    public static let mostOccurrences = 500

    /// The window and size a listing request asks for, with the defaults filled in; a
    /// `BodyError` at the field (`names`: how the front end calls from, until and max).
    static func listing(from: Date?, until: Date?, max: Int?, now: Date, names: (from: String, until: String, max: String))
        throws -> (from: Date, until: Date, max: Int)
    {
        let start = from ?? now
        let end = until ?? start.addingTimeInterval(defaultListWindow)
        guard end >= start else { throw BodyError("/\(names.until)", "must not be before \(names.from)") }
        guard end.timeIntervalSince(start) <= widestListWindow else {
            throw BodyError("/\(names.until)", "a window of at most 366 days (\(names.from) to \(names.until))")
        }
        let most = max ?? mostOccurrences
        guard (1...mostOccurrences).contains(most) else { throw BodyError("/\(names.max)", "expected an integer from 1 to \(mostOccurrences)") }
        return (start, end, most)
    }
}
