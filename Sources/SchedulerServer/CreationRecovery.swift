import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// `serve`'s part in finishing meetings left half-made: its requests create beside everything
/// else and leave that to this job, which runs at start and then every `interval`, taking only
/// the meetings no live process is creating (the same use-case as a CLI create's first step).
public struct CreationRecovery: Service {
    let scheduler: Scheduler
    var interval: Duration = .seconds(60)

    public init(scheduler: Scheduler) {
        self.scheduler = scheduler
    }

    public func run() async throws {
        let logger = scheduler.environment.logger
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    for line in try await scheduler.recoverInterruptedCreates() { logger.notice("\(line)") }
                } catch {
                    logger.error("finishing half-made meetings: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
