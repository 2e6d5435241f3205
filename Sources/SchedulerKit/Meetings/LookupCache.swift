import Foundation

/// A coSpaceTemplate with its access method templates: what a temporary space is made from.
public struct TemplateInfo: Sendable {
    public var template: CoSpaceTemplate
    public var methods: [AccessMethodTemplate]
}

/// Call Bridge look-ups that do not change during one command (templates, users), made once:
/// a bulk run of a thousand meetings from one template reads that template once, not a thousand times.
public actor LookupCache {
    private let client: CallBridgeClient
    private var templates: [String: Task<TemplateInfo, any Error>] = [:]
    private var users: [String: Task<CallBridgeUser?, any Error>] = [:]

    public init(client: CallBridgeClient) { self.client = client }

    /// The template named by id or name, with its access method templates.
    public func template(_ reference: String) async throws -> TemplateInfo {
        let task = templates[reference] ?? Task { [client] in
            let template = try await client.coSpaceTemplate(reference: reference)
            return TemplateInfo(template: template, methods: try await client.accessMethodTemplates(template: template.id))
        }
        templates[reference] = task
        do {
            return try await task.value
        } catch {
            templates[reference] = nil
            throw error
        }
    }

    /// The user with this JID (with email), or nil.
    public func user(jid: String) async throws -> CallBridgeUser? {
        let key = jid.lowercased()
        let task = users[key] ?? Task { [client] in try await client.user(jid: jid) }
        users[key] = task
        do {
            return try await task.value
        } catch {
            users[key] = nil
            throw error
        }
    }
}
