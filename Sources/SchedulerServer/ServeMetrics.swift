import Foundation
import Metrics
import Prometheus
import SchedulerKit

/// What `serve` counts, through swift-metrics into a Prometheus registry; `GET /metrics` shows it.
public struct ServeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition.
    public func text() -> String { registry.emitToString() }

    func link(_ url: String, up: Bool) {
        Gauge(label: "cmsched_c2w_link_up", dimensions: [("webbridge", url)], factory: factory).record(up ? 1 : 0)
    }

    /// 1 while this instance holds the cluster jobs' lease (runs the daily cleanup), else 0.
    func leader(_ leading: Bool) {
        Gauge(label: "cmsched_leader", factory: factory).record(leading ? 1 : 0)
    }

    /// Every scheduler of the store with its C2W links UP and held, from the heartbeats.
    func schedulers(_ instances: [SchedulerInstance]) {
        for instance in instances {
            Gauge(label: "cmsched_scheduler_links_up", dimensions: [("instance", instance.instance)], factory: factory)
                .record(instance.linksUp)
            Gauge(label: "cmsched_scheduler_links_total", dimensions: [("instance", instance.instance)], factory: factory)
                .record(instance.linksTotal)
        }
    }

    func c2wRequest(op: String, outcome: String) {
        Counter(label: "cmsched_c2w_requests_total", dimensions: [("op", op), ("outcome", outcome)], factory: factory).increment()
    }

    func meetingChanged(_ change: String) {
        Counter(label: "cmsched_meetings_total", dimensions: [("change", change)], factory: factory).increment()
    }

    /// What this process's outbox sender did in one run.
    func outboxSent(_ sent: Int, dead: Int) {
        Counter(label: "cmsched_outbox_sent_total", factory: factory).increment(by: sent)
        Counter(label: "cmsched_outbox_dead_total", factory: factory).increment(by: dead)
    }

    /// The store's outbox by state (every state, 0 when none) and its depth (queued and being
    /// sent), read from the store every second from start-up, whether or not mail goes out.
    func outbox(_ counts: [String: Int], depth: Int) {
        for (state, count) in counts {
            Gauge(label: "cmsched_outbox_messages", dimensions: [("state", state)], factory: factory).record(count)
        }
        Gauge(label: "cmsched_outbox_depth", factory: factory).record(depth)
    }

    /// 1 while the store answers, 0 while it does not (read every second from start-up).
    func store(up: Bool) {
        Gauge(label: "cmsched_store_up", factory: factory).record(up ? 1 : 0)
    }

    /// One bcrypt password check run (for a user who exists or not: the same work either way).
    func passwordChecked() {
        Counter(label: "cmsched_https_password_checks_total", factory: factory).increment()
    }

    func cleanup(deleted: Int) {
        Counter(label: "cmsched_cleanup_runs_total", factory: factory).increment()
        Counter(label: "cmsched_cleanup_deleted_total", factory: factory).increment(by: deleted)
    }

    func httpsRequest(method: String, status: Int, duration: Duration) {
        Counter(label: "cmsched_https_requests_total", dimensions: [("method", method), ("status", String(status))], factory: factory)
            .increment()
        Timer(label: "cmsched_https_request_duration_seconds", factory: factory).recordNanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000 + Int64(duration.components.attoseconds / 1_000_000_000))
    }
}
