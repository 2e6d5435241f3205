import Foundation
import Logging

/// Checks each part of the scheduler the way the MMP `scheduler status` does, without changing anything.
public struct StatusChecker: Sendable {
    public let settings: Settings
    /// Where the store is, as the database line names it.
    public let storeLocation: String
    /// What this host's files for the store go beside (`serve`'s snapshot).
    public let localPath: String
    let logger: Logger
    /// The process's store (opened once per process, whoever asks first).
    let store: @Sendable () async throws -> any SchedulerStore
    /// Skip what needs the network (the Call Bridge, the SMTP server).
    let offline: Bool
    let now: Date

    public init(
        settings: Settings, storeLocation: String, localPath: String, logger: Logger, offline: Bool = false, now: Date,
        store: @escaping @Sendable () async throws -> any SchedulerStore
    ) {
        self.settings = settings
        self.storeLocation = storeLocation
        self.localPath = localPath
        self.logger = logger
        self.offline = offline
        self.now = now
        self.store = store
    }

    /// Runs every check; a failing part never stops the others.
    public func run() async -> SystemStatus {
        let snapshot = ServeSnapshot.read(ServeSnapshot.path(forDatabase: localPath))
        let (serve, links) = serveStatus(snapshot)
        let database = await part(database)
        // Where a running serve listens, which `https.listen` does not say when its port is 0.
        let listening = snapshot.flatMap { $0.isLive ? $0.https : nil }
        return SystemStatus(
            database: database,
            callBridge: await callBridge(),
            https: await part {
                try await tlsEndpoint(listen: .httpsListen, listening: listening, key: .httpsKey, cert: .httpsCert, trust: nil)
            },
            c2w: await part { try await tlsEndpoint(listen: nil, key: .c2wKey, cert: .c2wCert, trust: .c2wTrust) },
            email: await part(email),
            serve: serve, links: links, schedulers: database.status == .error ? [] : await schedulers())
    }

    /// Every serve of the store from its heartbeat, the lease holder marked leader.
    private func schedulers() async -> [SchedulerView] {
        guard let store = try? await store(), let instances = try? await store.instances() else { return [] }
        let leader = try? await store.leaseHolder(ClusterJobs.leaseName, now: now)
        return instances.map { SchedulerView($0, leader: $0.instance == leader, now: now) }
    }

    /// serve's state from its snapshot next to the database, as the MMP's `scheduler status`
    /// shows the Web Bridge links.
    private func serveStatus(_ snapshot: ServeSnapshot?) -> (PartStatus, [ServeSnapshot.Link]) {
        guard let snapshot else {
            return (.notConfigured("serve is not running on this host"), [])
        }
        guard snapshot.isLive else {
            return (.warning("stale: serve (pid \(snapshot.pid)) last wrote its state at \(snapshot.updatedAt) and is gone"), [])
        }
        let up = snapshot.links.filter { $0.state == "UP" }.count
        var detail = "running (pid \(snapshot.pid)) since \(snapshot.startedAt); C2W links UP \(up)/\(snapshot.links.count); outbox \(snapshot.outboxDepth) queued"
        if let https = snapshot.https { detail += "; HTTPS API on \(https)" }
        if let cleanup = snapshot.lastCleanup {
            detail += "; last cleanup \(cleanup.at): \(cleanup.deleted) deleted, \(cleanup.failed) failed" + (cleanup.error.map { " (\($0))" } ?? "")
        } else {
            detail += "; no cleanup run yet"
        }
        if let problem = snapshot.storeProblem {
            return (.error(.storeUnavailable("serve cannot use its store: \(problem); \(detail)")), snapshot.links)
        }
        return (.ok(detail), snapshot.links)
    }

    private func part(_ check: () async throws -> PartStatus) async -> PartStatus {
        do {
            return try await check()
        } catch let error as CmschedError {
            return .error(error)
        } catch {
            return .error(.internalError(String(describing: error)))
        }
    }

    private func database() async throws -> PartStatus {
        let version = try await store().checkResponsive()
        return .ok("responsive, schema v\(version), \(storeLocation)")
    }

    private func callBridge() async -> PartStatus {
        guard let url = settings[.callBridgeURL] else {
            return .notConfigured("callbridge.url is not set")
        }
        guard !offline else { return .skipped("\(url) not contacted (offline)") }
        do {
            // A status check should answer quickly: one retry, a short overall deadline.
            let client = try CallBridgeClient.configured(
                by: settings, logger: logger, retry: RetryPolicy(maxAttempts: 2, totalTimeout: .seconds(10)))
            let status = try await client.systemStatus()
            return .ok("reachable: \(url), software version \(status.softwareVersion ?? "unknown")")
        } catch {
            return .error(CmschedError.wrapping(error) ?? .internalError(String(describing: error)))
        }
    }

    /// A TLS endpoint is configured when any of its keys is set; then all of them must be, the key
    /// must match the certificate, and the certificate must not have expired. A chain that does
    /// not verify, or expiry within 30 days, is a warning.
    private func tlsEndpoint(
        listen: ConfigKey?, listening: String? = nil, key: ConfigKey, cert: ConfigKey, trust: ConfigKey?
    ) async throws -> PartStatus {
        let keys = [listen, key, cert, trust].compactMap { $0 }
        guard keys.contains(where: { settings[$0] != nil }) else {
            return .notConfigured("\(keys.map(\.rawValue).joined(separator: ", ")) not set")
        }
        let missing = keys.filter { settings[$0] == nil }
        guard missing.isEmpty else {
            throw CmschedError.configuration("\(missing.map(\.rawValue).joined(separator: ", ")) not set")
        }
        try SecretFile.checkPermissions(settings[key]!, for: key.rawValue)
        let check = try await CertificateCheck.run(
            certPath: settings[cert]!, certKey: cert.rawValue, keyPath: settings[key]!, keyKey: key.rawValue,
            trust: trust.flatMap { key in settings[key].map { (path: $0, key: key.rawValue) } }, now: now)
        var detail = "certificate \(check.subject), key matches, expires \(RFC3339.string(check.notAfter, in: TimeZone(identifier: "UTC")!)) (\(check.daysLeft) days)"
        if let listen {
            let configured = settings[listen]!
            let address = listening.map { $0 == configured ? $0 : "\($0) (\(listen.rawValue) \(configured))" } ?? configured
            detail = "listening on \(address), " + detail
        }
        if let trust { detail += ", trust \(settings[trust]!)" }
        var warnings = check.chainProblem.map { [$0] } ?? []
        if check.daysLeft < CertificateCheck.warningDays { warnings.append("expires in under \(CertificateCheck.warningDays) days") }
        return warnings.isEmpty ? .ok(detail) : .warning(([detail] + warnings).joined(separator: "; "))
    }

    private func email() async throws -> PartStatus {
        guard let server = settings[.emailServer] else {
            return .notConfigured("email.server is not set")
        }
        let smtp = try SMTPSettings.configured(by: settings)
        var features: [String] = []
        if smtp.startTLS { features.append("starttls") }
        if let user = smtp.username { features.append("auth as \(user)") }
        if let trust = smtp.trustFile {
            _ = try CertificateCheck.certificates(trust, for: ConfigKey.emailTrust.rawValue)
        }
        let suffix = features.isEmpty ? "" : " (\(features.joined(separator: ", ")))"
        let endpoint = "\(smtp.protocolName)://\(server):\(smtp.port)\(suffix)"
        guard !offline else { return .skipped("\(endpoint) not contacted (offline)") }
        do {
            try await SMTPClient(settings: smtp).check()
        } catch let failure as SMTPFailure {
            throw failure.cmschedError
        }
        return .ok("answering: \(endpoint), EHLO\(smtp.startTLS ? ", STARTTLS" : "")\(smtp.username == nil ? "" : ", AUTH"), NOOP")
    }
}
