import Foundation

/// The configuration in force: flags over environment over the file over built-in defaults.
public struct Settings: Sendable {
    /// Where a value came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        case environment(String)
        case builtIn

        public var description: String {
            switch self {
            case .file(let path): "file \(path)"
            case .environment(let name): "env \(name)"
            case .builtIn: "default"
            }
        }
    }

    /// One resolved value.
    public struct Entry: Sendable, Equatable {
        public let value: String
        public let source: Source
    }

    /// A secret that has a file setting and an environment variable.
    public enum Secret: Sendable {
        case callBridgePassword
        case emailPassword
        case storePassword

        var fileKey: ConfigKey {
            switch self {
            case .callBridgePassword: .callBridgePasswordFile
            case .emailPassword: .emailPasswordFile
            case .storePassword: .storePasswordFile
            }
        }

        /// The environment variable that holds the secret itself.
        public var environmentVariable: String {
            switch self {
            case .callBridgePassword: "CMSCHED_CALLBRIDGE_PASSWORD"
            case .emailPassword: "CMSCHED_EMAIL_PASSWORD"
            case .storePassword: "CMSCHED_STORE_PASSWORD"
            }
        }
    }

    /// The configuration file that was read, if any.
    public let filePath: String?
    public let entries: [ConfigKey: Entry]
    let environment: [String: String]

    /// Resolves the configuration: reads the file (if any) and applies environment overrides.
    public static func load(locations: Locations, configFlag: String?) throws -> Settings {
        let path = locations.configPathToRead(flag: configFlag)
        let mustExist = locations.explicitConfigPath(flag: configFlag) != nil
        let file = try path.map { try ConfigFile.load(path: $0, mustExist: mustExist) } ?? ConfigFile()
        return try Settings(file: file, filePath: path, environment: locations.environment)
    }

    /// Combines a parsed file with the environment; environment values are validated too.
    public init(file: ConfigFile, filePath: String?, environment: [String: String]) throws {
        var entries: [ConfigKey: Entry] = [:]
        for key in ConfigKey.allCases {
            if let raw = environment[key.environmentVariable] {
                do {
                    entries[key] = Entry(value: try key.validate(raw), source: .environment(key.environmentVariable))
                } catch let error as CmschedError {
                    throw CmschedError.configuration("$\(key.environmentVariable): \(error.message)")
                }
            } else if let value = file.values[key] {
                entries[key] = Entry(value: value, source: .file(filePath ?? "-"))
            } else if let value = key.defaultValue {
                entries[key] = Entry(value: value, source: .builtIn)
            }
        }
        self.filePath = filePath
        self.entries = entries
        self.environment = environment
    }

    /// The value of a key, or nil when unset.
    public subscript(key: ConfigKey) -> String? { entries[key]?.value }

    /// The value of the key with this dotted name: exit 78 for an unknown key, 66 when unset.
    public func value(named name: String) throws -> String {
        let key = try ConfigKey.named(name)
        guard let value = self[key] else { throw CmschedError.inputMissing("\(key.rawValue) is not set") }
        return value
    }

    /// The value of a key, or a configuration error saying how to set it.
    public func required(_ key: ConfigKey, for purpose: String) throws -> String {
        guard let value = self[key] else {
            throw CmschedError.configuration(
                "\(key.rawValue) is not set (needed for \(purpose)); run `cmsched config set \(key.rawValue) VALUE`")
        }
        return value
    }

    /// True when the secret's environment variable is set (it takes precedence over the file).
    public func secretFromEnvironment(_ secret: Secret) -> Bool {
        environment[secret.environmentVariable].map { !$0.isEmpty } ?? false
    }

    /// The secret from its environment variable or its file, or nil when neither is configured.
    public func secret(_ secret: Secret) throws -> String? {
        if let value = environment[secret.environmentVariable], !value.isEmpty { return value }
        guard let path = self[secret.fileKey] else { return nil }
        return try SecretFile.read(path, for: secret.fileKey.rawValue)
    }

    /// The secret, or a configuration error saying where to put it.
    public func requiredSecret(_ secret: Secret, for purpose: String) throws -> String {
        guard let value = try self.secret(secret) else {
            throw CmschedError.configuration(
                "\(purpose) but no password: set \(secret.fileKey.rawValue) or $\(secret.environmentVariable)")
        }
        return value
    }

    /// How `config show` prints a value: secret files as `<file: PATH>`, never their content.
    public func displayValue(_ key: ConfigKey) -> String? {
        if let secret = [Secret.callBridgePassword, .emailPassword, .storePassword].first(where: { $0.fileKey == key }),
            secretFromEnvironment(secret)
        {
            return "<env: \(secret.environmentVariable)>"
        }
        guard let value = self[key] else { return nil }
        return key.namesSecretFile ? "<file: \(value)>" : value
    }
}
