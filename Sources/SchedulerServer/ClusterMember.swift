import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// This serve as one of the store's schedulers: every `SchedulerInstance.heartbeatInterval`, and
/// within a second of a link or the HTTPS listener changing, it writes its heartbeat (links
/// UP/total, HTTPS address) and takes or renews the cluster jobs' lease; on a graceful stop it gives the lease up and removes its row, so another instance
/// leads at once rather than when the lease expires.
struct ClusterMember: Service {
    let scheduler: Scheduler
    let state: DaemonState
    let links: LinkStates?

    /// How long one heartbeat may take. Well under the lease's life: a leader that cannot reach
    /// the store for this long stops leading before another instance may take the lease over.
    static let beatTimeout: Duration = .seconds(8)

    func run() async throws {
        let environment = scheduler.environment
        let identity = state.identity
        await cancelWhenGracefulShutdown {
            var leading = false
            var last: (beat: SchedulerInstance, at: ContinuousClock.Instant)?
            while !Task.isCancelled {
                var beat = identity
                beat.links = await links?.summaries ?? []
                beat.linksUp = beat.links.filter(\.up).count
                beat.linksTotal = beat.links.count
                beat.https = await state.https
                // Written every heartbeat interval, and at once when a link or the listener
                // changed (a new ping time waits for the next beat).
                let due = last.map { previous in
                    func withoutPings(_ beat: SchedulerInstance) -> SchedulerInstance {
                        var copy = beat
                        copy.lastSeen = previous.beat.lastSeen
                        for index in copy.links.indices { copy.links[index].pingMilliseconds = nil }
                        return copy
                    }
                    return withoutPings(beat) != withoutPings(previous.beat)
                        || ContinuousClock.now - previous.at >= SchedulerInstance.heartbeatInterval
                } ?? true
                if due {
                    beat.lastSeen = environment.now()
                    do {
                        let written = beat
                        let now = try await Self.within(Self.beatTimeout) { try await scheduler.beat(written) }
                        if now != leading {
                            environment.logger.notice("\(identity.instance) \(now ? "leads" : "no longer leads") the store's schedulers (runs the daily cleanup)")
                        }
                        leading = now
                        last = (beat, ContinuousClock.now)
                        state.metrics.schedulers(try await environment.store().instances())
                    } catch {
                        // Cut off from the store: not the leader any more (another instance takes over).
                        environment.logger.warning("heartbeat: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                        if leading { environment.logger.notice("\(identity.instance) no longer leads the store's schedulers (cut off from the store)") }
                        leading = false
                    }
                    await state.lead(leading)
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        await state.lead(false)
        do {
            try await scheduler.leave(identity)
        } catch {
            environment.logger.warning("leaving the cluster: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
        }
    }

    /// `body`'s result, or a temporary error when it takes longer than `limit` (it is cancelled).
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw CmschedError.temporary("the store did not answer within \(limit)")
            }
            return result
        }
    }
}
