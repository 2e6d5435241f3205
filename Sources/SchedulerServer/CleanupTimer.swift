import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The CMS Scheduler's daily job as a service: `cleanup run` at `cleanup.at` (UTC) every day,
/// through the same use-case and lock as the command, once for all the store's schedulers: on
/// the one that holds the cluster jobs' lease, and once a day (the runs are recorded with their
/// day, so one the old leader missed or did not finish runs on the new one).
public struct CleanupTimer: Service {
    let scheduler: Scheduler
    let logger: Logger
    let state: DaemonState

    /// How often the leader looks whether the day's run is due.
    static let tick: Duration = .seconds(5)

    public init(scheduler: Scheduler, state: DaemonState) {
        self.scheduler = scheduler
        self.logger = scheduler.environment.logger
        self.state = state
    }

    public func run() async throws {
        let environment = scheduler.environment
        let identity = state.identity
        // A graceful shutdown cancels the wait (or the run under way, which the next leader finishes).
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: Self.tick)
                } catch {
                    return
                }
                guard await state.leader else { continue }
                let at = RFC3339.string(environment.now(), in: TimeZone(identifier: "UTC")!)
                do {
                    guard let report = try await scheduler.runDailyCleanupIfDue(as: identity.instance, runningSince: identity.started)
                    else { continue }
                    logger.notice("cleanup run: \(report.deleted.count) deleted, \(report.skipped.count) skipped, \(report.failed.count) failed")
                    await state.cleanupRan(at: at, report: report, error: nil)
                } catch {
                    let message = CmschedError.wrapping(error)?.message ?? "\(error)"
                    logger.error("cleanup run failed: \(message)")
                    await state.cleanupRan(at: at, report: nil, error: message)
                }
            }
        }
    }
}
