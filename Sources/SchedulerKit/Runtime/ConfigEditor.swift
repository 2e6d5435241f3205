import Foundation

/// Changes one key of the configuration file that `config set` and `config unset` own.
public struct ConfigEditor: Sendable {
    public let locations: Locations
    public let configFlag: String?
    /// True for `--system`: the system-wide file, which the daemon and every user read.
    public let system: Bool

    public init(locations: Locations, configFlag: String?, system: Bool = false) {
        self.locations = locations
        self.configFlag = configFlag
        self.system = system
    }

    /// The file that is changed: `--config`, `$CMSCHED_CONFIG`, else the system file with
    /// `--system`, else the user's XDG file.
    public var path: String { locations.configPathToWrite(flag: configFlag, system: system) }

    /// True when the file changed is the system one (written readable by the `cmsched` group).
    private var isSystemFile: Bool { path == locations.systemConfigPath }

    /// Validates and stores `value` under `name`; returns the canonical value written.
    @discardableResult
    public func set(_ name: String, _ value: String) throws -> String {
        let key = try ConfigKey.named(name)
        var file = try currentFile()
        try file.set(key, value)
        if key.namesCertificateFile { _ = try CertificateCheck.certificates(file.values[key]!, for: key.rawValue) }
        try file.save(to: path, shared: isSystemFile)
        return file.values[key]!
    }

    /// Removes `name` from the file; returns false when it was not set there.
    @discardableResult
    public func unset(_ name: String) throws -> Bool {
        let key = try ConfigKey.named(name)
        var file = try currentFile()
        guard file.unset(key) else { return false }
        try file.save(to: path, shared: isSystemFile)
        return true
    }

    /// The file as it is now. A new user file starts from the system file, so its settings carry over.
    private func currentFile() throws -> ConfigFile {
        if FileManager.default.fileExists(atPath: path) {
            return try ConfigFile.load(path: path, mustExist: true)
        }
        if locations.explicitConfigPath(flag: configFlag) == nil, !isSystemFile,
            FileManager.default.fileExists(atPath: locations.systemConfigPath)
        {
            return try ConfigFile.load(path: locations.systemConfigPath, mustExist: true)
        }
        return ConfigFile()
    }
}
