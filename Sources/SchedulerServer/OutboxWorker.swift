import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The outbox sender of `serve`: drains the outbox as `notify send` does (same use-case and
/// lock). It looks every second for a message that is due (a new row, by serve or the CLI, or a
/// retry whose time came) and sends then; while the SMTP server fails it waits longer between
/// runs (doubling, up to 5 minutes). Idle when email is not configured.
public struct OutboxWorker: Service {
    let scheduler: Scheduler
    let metrics: ServeMetrics?
    var interval: Duration = .seconds(1)

    public init(scheduler: Scheduler, metrics: ServeMetrics? = nil) {
        self.scheduler = scheduler
        self.metrics = metrics
    }

    public func run() async throws {
        let environment = scheduler.environment
        let logger = environment.logger.component(.email)
        guard environment.settings[.emailServer] != nil else {
            logger.notice("email is not configured: the outbox sender stays idle")
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var backoff: Duration = .zero
            while !Task.isCancelled {
                do { try await Task.sleep(for: max(interval, backoff)) } catch { return }
                guard let due = try? await environment.store().dueOutbox(limit: 1, now: environment.now()), !due.isEmpty else { continue }
                do {
                    let report = try await scheduler.sendOutbox(limit: 200)
                    metrics?.outboxSent(report.sent.count, dead: report.dead.count)
                    logger.notice("outbox: \(report.sent.count) sent, \(report.retrying.count) to retry, \(report.dead.count) dead")
                    backoff = report.failure == nil ? .zero : min(.seconds(300), max(.seconds(2), backoff * 2))
                } catch let error as CmschedError where error.exitStatus == .temporary {
                    continue  // `notify send` from cron holds the lock: look again soon.
                } catch {
                    logger.error("outbox: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                    backoff = min(.seconds(300), max(.seconds(2), backoff * 2))
                }
            }
        }
    }
}
