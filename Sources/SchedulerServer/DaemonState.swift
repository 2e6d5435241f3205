import Foundation
import SchedulerKit
import ServiceLifecycle

/// What serve's services share for `status` and `/metrics`: this instance, whether it leads the
/// cluster, the last cleanup, the HTTPS address.
public actor DaemonState {
    public let metrics: ServeMetrics
    /// This serve as its heartbeat row names it (`serve.instance`, host, pid, version, start).
    public let identity: SchedulerInstance
    private(set) var lastCleanup: ServeSnapshot.Cleanup?
    /// The spaces this scheduler's last cleanup run kept (skipped or failed), with why: at most
    /// `keptShown`.
    private(set) var lastKept: [CleanupReport.Item] = []
    static let keptShown = 50
    private(set) var https: String?
    /// Holds the cluster jobs' lease (runs the daily cleanup).
    private(set) var leader = false

    public init(identity: SchedulerInstance, metrics: ServeMetrics = ServeMetrics()) {
        self.identity = identity
        self.metrics = metrics
        // Present from start-up: a follower says 0, not nothing.
        metrics.leader(false)
    }

    func lead(_ leading: Bool) {
        leader = leading
        metrics.leader(leading)
    }

    func cleanupRan(at date: String, report: CleanupReport?, error: String?) {
        lastCleanup = .init(at: date, deleted: report?.deleted.count ?? 0, failed: report?.failed.count ?? 0, error: error)
        lastKept = Array(((report?.failed ?? []) + (report?.skipped ?? [])).prefix(Self.keptShown))
        metrics.cleanup(deleted: report?.deleted.count ?? 0)
    }

    func listening(_ address: String) { https = address }
}

/// Keeps `<database>.serve.json` current while serve runs: looks every second and writes it
/// (atomically, with fsync) when something changed, or a minute after the last write so
/// `updatedAt` stays fresh; removes it when serve stops. A snapshot another live serve wrote is
/// neither overwritten nor removed.
struct SnapshotWriter: Service {
    let scheduler: Scheduler
    let state: DaemonState
    let links: LinkStates?

    func run() async throws {
        let environment = scheduler.environment
        let path = ServeSnapshot.path(forDatabase: environment.localPath)
        let utc = TimeZone(identifier: "UTC")!
        let started = RFC3339.string(environment.now(), in: utc)
        await cancelWhenGracefulShutdown {
            var written: (snapshot: ServeSnapshot, at: ContinuousClock.Instant)?
            var yielded = false
            var storeProblem: String?
            while !Task.isCancelled {
                let all = await links?.all ?? [:]
                // The store, asked every second: a file removed or replaced under serve, a full
                // disk or an unreachable server is logged once, in /metrics and in status.
                var problem: String?
                do { try await environment.store().checkFile() } catch {
                    problem = CmschedError.wrapping(error)?.message ?? "\(error)"
                }
                let counts = try? await scheduler.outboxCounts()
                if problem == nil, counts == nil { problem = "the store does not answer" }
                if problem != storeProblem {
                    if let problem { environment.logger.error("store: \(problem)") } else { environment.logger.notice("store: answering again") }
                    storeProblem = problem
                }
                state.metrics.store(up: problem == nil)
                // Waiting to be sent: queued, or being sent.
                let depth = counts.map { ($0["queued"] ?? 0) + ($0["sending"] ?? 0) } ?? 0
                if let counts { state.metrics.outbox(counts, depth: depth) }
                let snapshot = ServeSnapshot(
                    pid: getpid(), startedAt: started, updatedAt: RFC3339.string(environment.now(), in: utc),
                    links: all.sorted { $0.key < $1.key }.map { url, link in
                        .init(url: url, state: link.up ? "UP" : "DOWN", since: RFC3339.string(link.since, in: utc), guid: link.guid, reason: link.reason)
                    },
                    lastCleanup: await state.lastCleanup, outboxDepth: depth, https: await state.https, storeProblem: storeProblem)
                let due = written.map { last in
                    var same = snapshot
                    same.updatedAt = last.snapshot.updatedAt
                    return same != last.snapshot || ContinuousClock.now - last.at >= .seconds(60)
                } ?? true
                // Another live serve of this database on this host keeps the snapshot (`status`
                // lists both from the store's heartbeats): asked only when a write is due.
                if due, let other = ServeSnapshot.read(path), other.pid != getpid(), other.isLive {
                    if !yielded { environment.logger.notice("serve pid \(other.pid) keeps \(path); this one does not write it") }
                    yielded = true
                    written = (snapshot, ContinuousClock.now)
                } else if due {
                    do {
                        try snapshot.write(to: path)
                        written = (snapshot, ContinuousClock.now)
                    } catch {
                        environment.logger.warning("cannot write \(path): \(CmschedError.wrapping(error)?.message ?? "\(error)")")
                    }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        // Only this process's own snapshot: another serve of the same database may have written it since.
        if ServeSnapshot.read(path)?.pid == getpid() { try? FileManager.default.removeItem(atPath: path) }
    }
}
