import Foundation
import TOMLKit

/// The TOML configuration file: reading with every key checked, and atomic rewriting.
public struct ConfigFile: Sendable, Equatable {
    /// The values set in the file, canonical and validated.
    public private(set) var values: [ConfigKey: String]

    public init(values: [ConfigKey: String] = [:]) {
        self.values = values
    }

    /// Reads and validates `path`; a missing file is an error only when `mustExist`.
    public static func load(path: String, mustExist: Bool) throws -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else {
            if mustExist { throw CmschedError.configuration("config file \(path) does not exist") }
            return ConfigFile()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw CmschedError.configuration("config file \(path) cannot be read as UTF-8 text") }
        return try parse(text, source: path)
    }

    /// Parses TOML text; `source` names the input in errors.
    public static func parse(_ text: String, source: String) throws -> ConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw CmschedError.configuration(
                "\(source):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        var values: [ConfigKey: String] = [:]
        for (section, node) in table {
            guard let inner = node.table else {
                throw CmschedError.configuration("\(source): unknown key '\(section)' (settings live in tables such as [callbridge])")
            }
            for (name, value) in inner {
                let dotted = "\(section).\(name)"
                let key = try ConfigKey.named(dotted, in: source)
                let raw: String
                // TOML's own types where they fit the key: integers, booleans for enable|disable.
                if let string = value.string {
                    raw = string
                } else if let int = value.int, key.isNumeric || key.isDuration {
                    raw = key.isDuration ? "\(int)s" : String(int)
                } else if let bool = value.bool, key.isSwitch {
                    raw = bool ? "enable" : "disable"
                } else {
                    let expected = key.isNumeric ? "a number" : key.isSwitch ? "enable, disable, true or false" : "a string"
                    throw CmschedError.configuration("\(source): \(dotted): expected \(expected)")
                }
                do {
                    values[key] = try key.validate(raw)
                } catch let error as CmschedError {
                    throw CmschedError.configuration("\(source): \(error.message)")
                }
            }
        }
        return ConfigFile(values: values)
    }

    /// Sets a key after validating the value.
    public mutating func set(_ key: ConfigKey, _ raw: String) throws {
        values[key] = try key.validate(raw)
    }

    /// Removes a key; returns false when it was not set.
    @discardableResult
    public mutating func unset(_ key: ConfigKey) -> Bool {
        values.removeValue(forKey: key) != nil
    }

    /// The file as TOML text, one table per section, keys in a fixed order.
    public func tomlText() -> String {
        let root = TOMLTable()
        for key in values.keys.sorted() {
            let section = root[key.section]?.table ?? TOMLTable()
            if key.isNumeric, let number = Int(values[key]!) {
                section[key.name] = number
            } else {
                section[key.name] = values[key]!
            }
            root[key.section] = section
        }
        return "# cmsched configuration (written by `cmsched config set`)\n" + root.convert(to: .toml) + "\n"
    }

    /// Writes the file atomically with mode 0600, creating its folder (0700) if needed. A
    /// `shared` file (the system one) holds no secret and is read by the daemon's user: it is
    /// written 0640 with the group `cmsched` when that group exists, in a folder made 0755.
    public func save(to path: String, shared: Bool = false) throws {
        guard shared else { return try AtomicFile.write(Data(tomlText().utf8), to: path, mode: 0o600) }
        let group = getgrnam("cmsched").map { $0.pointee.gr_gid }
        try AtomicFile.write(Data(tomlText().utf8), to: path, mode: 0o640, folderMode: 0o755, group: group)
    }
}

extension ConfigKey {
    /// The key with this dotted name, or a configuration error naming it.
    public static func named(_ name: String, in source: String? = nil) throws -> ConfigKey {
        if let key = ConfigKey(rawValue: name) { return key }
        let prefix = source.map { "\($0): " } ?? ""
        if name == "callbridge.password" || name == "email.password" {
            throw CmschedError.configuration(
                "\(prefix)\(name): secrets are never config values; set \(name)_file or $CMSCHED_\(name.uppercased().replacingOccurrences(of: ".", with: "_"))")
        }
        throw CmschedError.configuration("\(prefix)unknown key '\(name)' (see `cmsched config show` for the keys)")
    }
}
