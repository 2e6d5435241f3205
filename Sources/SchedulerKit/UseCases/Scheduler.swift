import Foundation

/// The things a user can do, one method each, taking and returning plain values: what the CLI,
/// the HTTPS API and C2W requests all call. Front ends only build a request and render the result.
public struct Scheduler: Sendable {
    public let environment: Environment

    public init(_ environment: Environment) { self.environment = environment }

    /// A meeting service on the process's store and Call Bridge client.
    func meetingService() async throws -> MeetingService {
        MeetingService(client: try environment.callBridge(), store: try await environment.store(), logger: environment.logger, now: environment.now)
    }

    /// Holds the lock of `job` beside the database while `body` runs (exit 75 when another holds it).
    func holdingLock<T>(_ job: String, _ body: () async throws -> T) async throws -> T {
        let lock = try LockFile(beside: environment.localPath, job: job)
        defer { lock.release() }
        return try await body()
    }
}
