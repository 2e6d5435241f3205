import Foundation
import Logging

/// The wall clock: where business time comes from when no clock is injected (tests inject theirs).
public enum WallClock {
    public static let now: @Sendable () -> Date = { Date() }
}

/// What one process is started with: the global options every front end has.
public struct EnvironmentOptions: Sendable {
    /// `--config`, if given.
    public var configFlag: String?
    /// `--db`, if given (else `store.url`, else the XDG default): a path or a store URL.
    public var databaseFlag: String?
    public var logLevel: Logger.Level
    public var locations: Locations
    /// Business time: every "now" of the library comes from here.
    public var now: @Sendable () -> Date
    /// The process only reads the store (a listing, an export): a SQLite store that needs no
    /// migration is opened through one read-only connection.
    public var readsOnly: Bool

    public init(
        configFlag: String? = nil, databaseFlag: String? = nil, logLevel: Logger.Level = .warning,
        locations: Locations = Locations(), now: @escaping @Sendable () -> Date = WallClock.now, readsOnly: Bool = false
    ) {
        self.configFlag = configFlag
        self.databaseFlag = databaseFlag
        self.logLevel = logLevel
        self.locations = locations
        self.now = now
        self.readsOnly = readsOnly
    }
}

/// Everything the use-cases need, built once per process by `build(_:)` (the CLI's `main`,
/// `serve` and the tests all call it): settings (raw and typed), where the store is, a logger, the
/// clock, and — made on first use, then shared — the one store and the one Call Bridge client
/// (each with its connection pool). GRDB's rule: connect to a database file once per process.
public final class Environment: @unchecked Sendable {
    public let settings: Settings
    public let typed: SchedulerSettings
    /// The store: `--db`, else `store.url`, else the default SQLite file.
    public let storeURL: StoreURL
    /// What this host's files for the store (job lock files, `serve`'s snapshot) go beside: the
    /// SQLite file, or a name for the PostgreSQL database under the state folder.
    public let localPath: String
    public let logger: Logger
    public let now: @Sendable () -> Date
    public let locations: Locations
    public let configFlag: String?
    /// See `EnvironmentOptions.readsOnly`.
    public let readsOnly: Bool

    private let lock = NSLock()
    private var openingStore: Task<any SchedulerStore, any Error>?
    private var madeClient: CallBridgeClient?

    /// Resolves settings and paths; fails with exit 78 on a bad configuration.
    public static func build(_ options: EnvironmentOptions) throws -> Environment {
        // The level lives in the process's table, where `log set` can change one component's.
        LogLevels.shared.baseLevel = options.logLevel
        let logger = Logger(label: "cmsched")
        let settings = try Settings.load(locations: options.locations, configFlag: options.configFlag)
        let storeURL: StoreURL
        if let flag = options.databaseFlag.flatMap({ $0.isEmpty ? nil : $0 }) {
            storeURL = try StoreURL.parse(flag, origin: "store")
        } else if let configured = settings[.storeURL] {
            storeURL = try StoreURL.parse(configured, origin: "store.url")
        } else {
            storeURL = .sqlite(path: options.locations.defaultDatabasePath)
        }
        return Environment(
            settings: settings, storeURL: storeURL, logger: logger, now: options.now, locations: options.locations,
            configFlag: options.configFlag, readsOnly: options.readsOnly)
    }

    private init(
        settings: Settings, storeURL: StoreURL, logger: Logger, now: @escaping @Sendable () -> Date, locations: Locations,
        configFlag: String?, readsOnly: Bool
    ) {
        self.settings = settings
        self.typed = SchedulerSettings(settings)
        self.storeURL = storeURL
        switch storeURL {
        case .sqlite(let path): localPath = path
        case .postgres(let address): localPath = (locations.stateFolder as NSString).appendingPathComponent(address.fileName)
        }
        self.logger = logger
        self.now = now
        self.locations = locations
        self.configFlag = configFlag
        self.readsOnly = readsOnly
    }

    /// The store, opened (created, migrated) on first use, then shared: callers at once wait
    /// for the one opening; after a failed one, the next caller tries again.
    public func store() async throws -> any SchedulerStore {
        let opening = lock.withLock {
            if let openingStore { return openingStore }
            let opening = Task { try await openStore() }
            openingStore = opening
            return opening
        }
        do {
            return try await opening.value
        } catch {
            // A store that could not be opened (a server down, say) is tried again by the next caller.
            lock.withLock { if openingStore == opening { openingStore = nil } }
            throw error
        }
    }

    /// Ends the store's sessions, if it was opened (`StoreHealth.close`), as a process ends.
    public func closeStore() async {
        guard let opening = lock.withLock({ openingStore }), let store = try? await opening.value else { return }
        await store.close()
    }

    private func openStore() async throws -> any SchedulerStore {
        let store: any SchedulerStore
        switch storeURL {
        case .sqlite(let path):
            store = try SQLiteStore.open(path: path, readOnly: readsOnly)
        case .postgres(let address):
            try FileManager.default.createDirectory(
                atPath: locations.stateFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            store = try await openPostgres(address)
        }
        Self.made.count(store: true)
        return store
    }

    /// The PostgreSQL database at `address`, opened with this configuration's password and CA
    /// (`store.password_file`, `$CMSCHED_STORE_PASSWORD` or `~/.pgpass`; `store.ca_file`).
    func openPostgres(_ address: PostgresAddress) async throws -> PostgresStore {
        try await PostgresStore.open(
            address: address, password: try PostgresPassword.find(for: address, settings: settings, environment: locations.environment),
            caFile: settings[.storeCAFile], localPath: localPath, logger: logger.component(.store))
    }

    /// The configured Call Bridge's client, made on first use, then shared (one connection pool).
    public func callBridge() throws -> CallBridgeClient {
        try lock.withLock {
            if let madeClient { return madeClient }
            let client = try CallBridgeClient.configured(by: settings, logger: logger.component(.callbridge))
            madeClient = client
            Self.made.count(store: false)
            return client
        }
    }

    /// How many stores and Call Bridge clients (connection pools) environments of this process made.
    public static let made = Made()

    /// Counts of what environments made, so a test can prove "once per process".
    public final class Made: @unchecked Sendable {
        private let lock = NSLock()
        private var counts = (stores: 0, clients: 0)

        /// Stores opened and Call Bridge clients made so far.
        public var stores: Int { lock.withLock { counts.stores } }
        public var clients: Int { lock.withLock { counts.clients } }

        fileprivate func count(store: Bool) {
            lock.withLock { if store { counts.stores += 1 } else { counts.clients += 1 } }
        }
    }

    /// The iCalendar writer with this configuration's join details.
    public var calendarWriter: ICalendarWriter {
        ICalendarWriter(sipDomain: typed.meetings.sipDomain, webBaseURL: typed.meetings.webBaseURL)
    }

    /// A meeting as `--format json` shows it, with this configuration's join details; times in
    /// `zone` when given (`meeting list --tz`), else in the meeting's own zone.
    public func view(_ meeting: Meeting, shownIn zone: TimeZone? = nil) -> MeetingView {
        MeetingView(meeting, sipDomain: typed.meetings.sipDomain, webBaseURL: typed.meetings.webBaseURL, shownIn: zone)
    }
}

/// Sends log records to stderr; called once per process before any logger is made.
public enum LogSetup {
    public static func bootstrap() {
        LoggingSystem.bootstrap { label in ComponentLogHandler(label: label) }
    }
}
