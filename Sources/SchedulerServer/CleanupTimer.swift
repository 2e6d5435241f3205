import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The CMS Scheduler's daily job as a service: `cleanup run` at `cleanup.at` (UTC) every day,
/// through the same use-case and lock as the command.
public struct CleanupTimer: Service {
    let scheduler: Scheduler
    let logger: Logger
    let state: DaemonState?

    public init(scheduler: Scheduler, state: DaemonState? = nil) {
        self.scheduler = scheduler
        self.logger = scheduler.environment.logger
        self.state = state
    }

    /// The first `at` (UTC) strictly after `instant`.
    public static func nextRun(after instant: Date, at time: TimeOfDay) -> Date {
        let utc = TimeZone(identifier: "UTC")!
        let today = LocalDateTime(instant, in: utc)
        let candidate = LocalDateTime(
            year: today.year, month: today.month, day: today.day, hour: time.hour, minute: time.minute).instant(in: utc)
        return candidate > instant ? candidate : candidate.addingTimeInterval(86_400)
    }

    public func run() async throws {
        let environment = scheduler.environment
        // A graceful shutdown cancels the wait (or the run under way, which resumes next time).
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let next = Self.nextRun(after: environment.now(), at: environment.typed.cleanup.at)
                do {
                    try await Task.sleep(for: .seconds(max(0, next.timeIntervalSince(environment.now()))))
                } catch {
                    return
                }
                let at = RFC3339.string(environment.now(), in: TimeZone(identifier: "UTC")!)
                do {
                    let report = try await scheduler.runCleanup(dryRun: false, orphans: .report)
                    logger.notice("cleanup run: \(report.deleted.count) deleted, \(report.skipped.count) skipped, \(report.failed.count) failed")
                    await state?.cleanupRan(at: at, report: report, error: nil)
                } catch {
                    let message = CmschedError.wrapping(error)?.message ?? "\(error)"
                    logger.error("cleanup run failed: \(message)")
                    await state?.cleanupRan(at: at, report: nil, error: message)
                }
            }
        }
    }
}
