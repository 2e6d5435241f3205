import Foundation

/// The jobs that the `serve` instances of one store run once for all, on the holder of a lease
/// (as River and Oban elect a leader): the daily cleanup.
public enum ClusterJobs {
    /// The lease whose holder runs the daily cleanup ("leader" in `status` and `/metrics`).
    public static let leaseName = "cleanup"
    /// How long a lease lasts unless renewed; its holder renews it every heartbeat (5 s), so
    /// another instance takes over at most this long (plus one heartbeat) after the leader died.
    public static let leaseTTL: TimeInterval = 20
    /// The name the day's cleanup runs are recorded under.
    public static let cleanupJob = "cleanup"
}

extension Scheduler {
    /// Records `instance`'s heartbeat and takes or renews the cluster jobs' lease for it; true
    /// when it leads.
    public func beat(_ instance: SchedulerInstance) async throws -> Bool {
        let store = try await environment.store()
        try await store.heartbeat(instance)
        let now = environment.now()
        return try await store.acquireLease(
            ClusterJobs.leaseName, holder: instance.instance, until: now.addingTimeInterval(ClusterJobs.leaseTTL), now: now)
    }

    /// Leaves the cluster: gives up the lease and removes the heartbeat (a graceful stop).
    public func leave(_ instance: SchedulerInstance) async throws {
        let store = try await environment.store()
        try await store.releaseLease(ClusterJobs.leaseName, holder: instance.instance)
        try await store.removeInstance(instance.instance, host: instance.host, pid: instance.pid)
    }

    /// Refuses to start a second live `serve` under an instance name another process uses
    /// (its heartbeat fresh, and on this host its process alive): exit 78.
    /// Writes this instance's first heartbeat: a store serve cannot write (a read-only file, a
    /// full disk, a role without rights) stops it at start (74), rather than failing every request.
    public func checkStoreWritable(_ instance: SchedulerInstance) async throws {
        do {
            try await environment.store().heartbeat(instance)
        } catch let error as CmschedError where [.ioError, .permission].contains(error.exitStatus) {
            throw CmschedError.ioError("serve writes to the store, and cannot: \(error.message)")
        }
    }

    public func checkInstanceIsFree(_ instance: SchedulerInstance) async throws {
        let now = environment.now()
        guard let other = try await environment.store().instances().first(where: { $0.instance == instance.instance }),
            !other.isStale(at: now), other.host != instance.host || other.pid != instance.pid
        else { return }
        if other.host == instance.host, kill(pid_t(other.pid), 0) != 0, errno == ESRCH { return }
        throw CmschedError.temporary(
            "serve.instance '\(instance.instance)' is already running on \(other.host) (pid \(other.pid)); give each serve its own serve.instance")
    }

    /// The daily cleanup, when this instance leads and it is due: at `cleanup.at` (UTC) each day,
    /// once. A day's run that has not happened (the leader died before or during it) is run
    /// when the cluster was running then: this process was up at that time, or the day before
    /// had its run. Nil when nothing was due.
    public func runDailyCleanupIfDue(as instance: String, runningSince: Date) async throws -> CleanupReport? {
        let now = environment.now()
        let store = try await environment.store()
        let runs = try await store.jobRuns(ClusterJobs.cleanupJob, limit: 2)
        guard nextCleanup(after: runs, runningSince: runningSince, now: now) <= now else { return nil }
        let day = LocalDateTime(now, in: TimeZone(identifier: "UTC")!).dateText
        guard try await store.claimJobRun(ClusterJobs.cleanupJob, day: day, holder: instance, now: now) else { return nil }
        let report: CleanupReport
        do {
            report = try await runCleanup(now: now, dryRun: false, orphans: .report)
        } catch where !Task.isCancelled {
            // One attempt a day, as cron's: the failure is the day's record (a stop is not).
            let message = CmschedError.wrapping(error)?.message ?? "\(error)"
            try? await store.finishJobRun(ClusterJobs.cleanupJob, day: day, holder: instance, summary: "failed: \(message)", now: environment.now())
            throw error
        }
        try await store.finishJobRun(
            ClusterJobs.cleanupJob, day: day, holder: instance,
            summary: "\(report.deleted.count) deleted, \(report.skipped.count) skipped, \(report.failed.count) failed", now: environment.now())
        return report
    }
}
