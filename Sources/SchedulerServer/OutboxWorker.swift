import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The outbox sender of `serve`: drains the outbox as `notify send` does (same use-case and
/// lock), every few seconds while there is mail, backing off (up to 5 minutes) while the SMTP
/// server fails. Idle when email is not configured.
public struct OutboxWorker: Service {
    let scheduler: Scheduler
    var interval: Duration = .seconds(5)

    public init(scheduler: Scheduler) { self.scheduler = scheduler }

    public func run() async throws {
        let logger = scheduler.environment.logger
        guard scheduler.environment.settings[.emailServer] != nil else {
            logger.notice("email is not configured: the outbox sender stays idle")
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var wait = interval
            while !Task.isCancelled {
                do {
                    let report = try await scheduler.sendOutbox(limit: 200)
                    if !report.sent.isEmpty || !report.dead.isEmpty {
                        logger.notice("outbox: \(report.sent.count) sent, \(report.retrying.count) to retry, \(report.dead.count) dead")
                    }
                    wait = interval
                } catch let error as CmschedError where error.exitStatus == .temporary {
                    wait = interval  // `notify send` from cron holds the lock: try again soon.
                } catch {
                    logger.error("outbox: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                    wait = min(.seconds(300), wait * 2)
                }
                do { try await Task.sleep(for: wait) } catch { return }
            }
        }
    }
}
