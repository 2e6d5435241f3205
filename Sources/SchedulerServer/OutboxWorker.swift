import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The outbox sender of `serve`: drains the outbox as `notify send` does (same use-case and
/// lock), every few seconds while there is mail, backing off (up to 5 minutes) while the SMTP
/// server fails. Idle when email is not configured.
public struct OutboxWorker: Service {
    let scheduler: Scheduler
    let metrics: ServeMetrics?
    var interval: Duration = .seconds(5)

    public init(scheduler: Scheduler, metrics: ServeMetrics? = nil) {
        self.scheduler = scheduler
        self.metrics = metrics
    }

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
                    let depth = (try? scheduler.outbox(Store.OutboxFilter(states: ["queued", "sending"])).count) ?? 0
                    metrics?.outbox(depth: depth, sent: report.sent.count, dead: report.dead.count)
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
