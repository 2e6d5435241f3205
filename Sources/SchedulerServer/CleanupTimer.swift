import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The CMS Scheduler's daily job as a service: `cleanup run` at `cleanup.at` (UTC) every day,
/// through the same use-case and lock as the command.
public struct CleanupTimer: Service {
    let scheduler: Scheduler
    let logger: Logger

    public init(scheduler: Scheduler) {
        self.scheduler = scheduler
        self.logger = scheduler.environment.logger
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
                do {
                    let report = try await scheduler.runCleanup(dryRun: false, orphans: .report)
                    logger.notice("cleanup run: \(report.deleted.count) deleted, \(report.skipped.count) skipped, \(report.failed.count) failed")
                } catch {
                    logger.error("cleanup run failed: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                }
            }
        }
    }
}
