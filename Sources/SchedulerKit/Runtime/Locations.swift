import Foundation

/// Where cmsched finds its configuration file and database, per the XDG base directory rules.
public struct Locations: Sendable {
    /// The process environment (injected so tests can point it at a temporary home).
    public let environment: [String: String]
    /// The system-wide configuration file, read by every command and the daemon when the user
    /// has none: `/etc/cmsched/config.toml`, or `$CMSCHED_SYSTEM_CONFIG` (for a package that puts
    /// it elsewhere, and for tests).
    public var systemConfigPath: String {
        environment["CMSCHED_SYSTEM_CONFIG"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/etc/cmsched/config.toml"
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    private var home: String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    private func xdg(_ variable: String, fallback: String) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return (home as NSString).appendingPathComponent(fallback)
    }

    /// The user's own configuration file: `$XDG_CONFIG_HOME/cmsched/config.toml`.
    public var userConfigPath: String {
        (xdg("XDG_CONFIG_HOME", fallback: ".config") as NSString)
            .appendingPathComponent("cmsched/config.toml")
    }

    /// The default database: `$XDG_DATA_HOME/cmsched/cmsched.sqlite`.
    public var defaultDatabasePath: String {
        (xdg("XDG_DATA_HOME", fallback: ".local/share") as NSString)
            .appendingPathComponent("cmsched/cmsched.sqlite")
    }

    /// This host's state for a store on a server (job lock files, `serve`'s snapshot):
    /// `$XDG_STATE_HOME/cmsched`.
    public var stateFolder: String {
        (xdg("XDG_STATE_HOME", fallback: ".local/state") as NSString).appendingPathComponent("cmsched")
    }

    /// The file named by `--config` or `$CMSCHED_CONFIG`, if any: it must exist when read.
    public func explicitConfigPath(flag: String?) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["CMSCHED_CONFIG"], !env.isEmpty { return env }
        return nil
    }

    /// The configuration file to read, or nil when none exists (built-in defaults apply).
    public func configPathToRead(flag: String?) -> String? {
        if let explicit = explicitConfigPath(flag: flag) { return explicit }
        for candidate in [userConfigPath, systemConfigPath]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return nil
    }

    /// The configuration file that `config set` and `config unset` change: `--config` or
    /// `$CMSCHED_CONFIG`, else the system file with `--system`, else the user's.
    public func configPathToWrite(flag: String?, system: Bool = false) -> String {
        explicitConfigPath(flag: flag) ?? (system ? systemConfigPath : userConfigPath)
    }
}
