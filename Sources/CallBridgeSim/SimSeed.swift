import Foundation

/// The starting state of a simulated Call Bridge, read from a JSON seed file.
///
/// Objects are lists of API parameters (as a POST would send them) plus an optional fixed `id`;
/// nested lists (`accessMethodTemplates`, `accessMethods`, `members`, `coSpaceTemplates` of a user)
/// become sub-objects. References may name an object by id or by name/JID.
public struct SimSeed: Sendable {
    /// The API user and password.
    public var user: String
    public var password: String
    public var softwareVersion: String
    /// The seed document, applied by `apply(to:)`.
    let document: [String: SeedValue]

    /// An empty system whose API user is `admin` / `admin`.
    public static let empty = SimSeed(user: "admin", password: "admin", softwareVersion: "3.9.0", document: [:])

    /// Reads a seed file; errors name the file.
    public static func load(path: String) throws -> SimSeed {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SimSeedError(message: "cannot read seed file \(path)")
        }
        let document: SeedValue
        do {
            document = try JSONDecoder().decode(SeedValue.self, from: data)
        } catch {
            throw SimSeedError(message: "\(path): not valid JSON: \(error)")
        }
        guard case .object(let root) = document else { throw SimSeedError(message: "\(path): expected a JSON object") }
        var seed = SimSeed.empty
        if case .object(let credentials)? = root["credentials"] {
            seed.user = credentials["user"]?.text ?? seed.user
            seed.password = credentials["password"]?.text ?? seed.password
        }
        seed.softwareVersion = root["softwareVersion"]?.text ?? seed.softwareVersion
        return SimSeed(user: seed.user, password: seed.password, softwareVersion: seed.softwareVersion, document: root)
    }

    /// Creates the seeded objects in `state`, in dependency order, through the API's own rules.
    public func apply(to state: CallBridgeState) async throws {
        for collection in ["tenants", "callProfiles", "callLegProfiles"] {
            for object in objects(collection) { _ = try await create(collection, object, in: state) }
        }
        for template in objects("coSpaceTemplates") {
            let id = try await create("coSpaceTemplates", template, in: state)
            for method in Self.list(template["accessMethodTemplates"]) {
                _ = try await create("coSpaceTemplates/\(id)/accessMethodTemplates", method, in: state)
            }
        }
        for user in objects("users") {
            let id = try await create("users", user, in: state, direct: true)
            for reference in Self.list(user["coSpaceTemplates"]).compactMap({ $0["name"]?.text ?? $0["id"]?.text })
                + (user["coSpaceTemplates"]?.texts ?? [])
            {
                guard let template = await state.find("coSpaceTemplates", field: "name", value: reference) else {
                    throw SimSeedError(message: "user \(user["userJid"]?.text ?? id): no coSpaceTemplate \(reference)")
                }
                _ = try await state.seed("users/\(id)/userCoSpaceTemplates", id: nil, form: [("coSpaceTemplate", template)])
            }
        }
        for space in objects("coSpaces") {
            let id = try await create("coSpaces", space, in: state)
            for method in Self.list(space["accessMethods"]) {
                _ = try await create("coSpaces/\(id)/accessMethods", method, in: state)
            }
            for member in space["members"]?.texts ?? [] {
                _ = try await state.seed("coSpaces/\(id)/coSpaceUsers", id: nil, form: [("userJid", member)])
            }
        }
        for collection in ["webBridges", "callBridges"] {
            for object in objects(collection) { _ = try await create(collection, object, in: state) }
        }
        for call in objects("calls") {
            var form = call
            if let space = call["coSpace"]?.text {
                guard let id = await state.find("coSpaces", field: "name", value: space) else {
                    throw SimSeedError(message: "call: no coSpace \(space)")
                }
                form["coSpace"] = .string(id)
            }
            _ = try await create("calls", form, in: state)
        }
    }

    private func objects(_ key: String) -> [[String: SeedValue]] {
        Self.list(document[key])
    }

    private static func list(_ value: SeedValue?) -> [[String: SeedValue]] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .object(let object) = $0 { object } else { nil } }
    }

    /// Seeds one object; scalar fields become form parameters, names in references become ids.
    private func create(
        _ path: String, _ object: [String: SeedValue], in state: CallBridgeState, direct: Bool = false
    ) async throws -> String {
        var form: [(String, String)] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) where key != "id" {
            guard let text = value.text else { continue }
            switch key {
            case "callProfile", "callLegProfile":
                guard let id = await state.find(key + "s", field: "name", value: text) else {
                    throw SimSeedError(message: "\(path): no \(key) \(text)")
                }
                form.append((key, id))
            default:
                form.append((key, text))
            }
        }
        if direct { return await state.seedDirect(path, id: object["id"]?.text, fields: Dictionary(form) { $1 }) }
        return try await state.seed(path, id: object["id"]?.text, form: form)
    }
}

/// A JSON value in a seed file.
enum SeedValue: Sendable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([SeedValue])
    case object([String: SeedValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([SeedValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SeedValue].self))
        }
    }

    /// Scalars as API form text (`true`, `42`, the string itself); nil for lists and objects.
    var text: String? {
        switch self {
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() ? String(Int(value)) : String(value)
        default: nil
        }
    }

    /// A list of scalars as texts.
    var texts: [String]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap(\.text)
    }
}
