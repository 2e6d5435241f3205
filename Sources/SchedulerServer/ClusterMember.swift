import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// This serve as one of the store's schedulers: every `SchedulerInstance.heartbeatInterval` it
/// writes its heartbeat (links UP/total, HTTPS address) and takes or renews the cluster jobs'
/// lease; on a graceful stop it gives the lease up and removes its row, so another instance
/// leads at once rather than when the lease expires.
struct ClusterMember: Service {
    let scheduler: Scheduler
    let state: DaemonState
    let links: LinkStates?

    func run() async throws {
        let environment = scheduler.environment
        let identity = state.identity
        await cancelWhenGracefulShutdown {
            var leading = false
            while !Task.isCancelled {
                var beat = identity
                beat.lastSeen = environment.now()
                let all = await links?.all ?? [:]
                beat.linksUp = all.values.filter(\.up).count
                beat.linksTotal = all.count
                beat.https = await state.https
                do {
                    let now = try await scheduler.beat(beat)
                    if now != leading {
                        environment.logger.notice("\(identity.instance) \(now ? "leads" : "no longer leads") the store's schedulers (runs the daily cleanup)")
                    }
                    leading = now
                    state.metrics.schedulers(try await environment.store().instances())
                } catch {
                    // Cut off from the store: not the leader any more (another instance takes over).
                    environment.logger.warning("heartbeat: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                    leading = false
                }
                await state.lead(leading)
                try? await Task.sleep(for: SchedulerInstance.heartbeatInterval)
            }
        }
        await state.lead(false)
        do {
            try await scheduler.leave(identity)
        } catch {
            environment.logger.warning("leaving the cluster: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
        }
    }
}
