import Logging
import SchedulerKit
import ServiceLifecycle

/// What `serve` runs, as one `ServiceGroup` (graceful stop on SIGTERM and SIGINT). The HTTPS API,
/// the C2W links and the outbox sender join it as they are built; today it holds the daily cleanup.
public enum SchedulerDaemon {
    /// The services of a scheduler process on `environment`.
    public static func services(_ environment: Environment) -> [any Service] {
        [CleanupTimer(scheduler: Scheduler(environment))]
    }

    /// The service group that runs them until a signal stops it.
    public static func serviceGroup(_ environment: Environment) -> ServiceGroup {
        ServiceGroup(
            services: services(environment), gracefulShutdownSignals: [.sigterm, .sigint], logger: environment.logger)
    }
}
