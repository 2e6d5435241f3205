import Foundation
import Logging

/// A coSpaceTemplate with its access method templates: what a temporary space is made from.
public struct TemplateInfo: Sendable {
    public var template: CoSpaceTemplate
    public var methods: [AccessMethodTemplate]
}

/// Call Bridge look-ups that do not change during one command (templates, users, assignments),
/// made once: a bulk run of a thousand meetings from one template reads that template once.
public actor LookupCache {
    private let client: CallBridgeClient
    private let logger: Logger
    private var tasks: [String: Task<any Sendable, any Error>] = [:]

    public init(client: CallBridgeClient, logger: Logger = Logger(label: "cmsched")) {
        self.client = client
        self.logger = logger
    }

    /// The value under `key`, computed once by `load` (a failed load is tried again next time).
    private func cached<T: Sendable>(_ key: String, _ load: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = tasks[key] ?? Task { try await load() as any Sendable }
        tasks[key] = task
        do {
            return try await task.value as! T
        } catch {
            tasks[key] = nil
            throw error
        }
    }

    /// The template named by id or name, with its access method templates.
    public func template(_ reference: String) async throws -> TemplateInfo {
        try await cached("template:" + reference) { [client] in
            let template = try await client.coSpaceTemplate(reference: reference)
            return TemplateInfo(template: template, methods: try await client.accessMethodTemplates(template: template.id))
        }
    }

    /// The user with this JID, or nil. An email the Call Bridge holds that is not a valid address
    /// is dropped (nil) with one warning naming the user: it never reaches SMTP, MIME or iCalendar.
    public func user(jid: String) async throws -> CallBridgeUser? {
        try await cached("user:" + jid.lowercased()) { [client, logger] in
            guard var user = try await client.user(jid: jid) else { return nil }
            if let email = user.email, !email.isEmpty, let problem = EmailAddress.problem(email) {
                logger.warning(
                    "user \(TextRules.escapingControls(jid)) has an invalid email address on the Call Bridge (\(problem)); nothing is sent to it")
                user.email = nil
            }
            return user
        }
    }

    /// The user whose JID, or else whose email, is `address` (how a calendar names people), or nil.
    public func user(address: String) async throws -> CallBridgeUser? {
        if let byJid = try await user(jid: address) { return byJid }
        return try await cached("email:" + address.lowercased()) { [client] in
            for candidate in try await client.users(filter: address) {
                let detail = try await client.user(id: candidate.id)
                if detail.email?.caseInsensitiveCompare(address) == .orderedSame { return detail }
            }
            return nil as CallBridgeUser?
        }
    }

    /// The ids of the coSpaceTemplates assigned to the user with this id.
    public func assignedTemplates(userId: String) async throws -> Set<String> {
        try await cached("assigned:" + userId) { [client] in
            Set(try await client.userCoSpaceTemplates(user: userId).compactMap(\.coSpaceTemplate))
        }
    }

    /// The JIDs (lower-cased) of a coSpace's members.
    public func members(coSpace: String) async throws -> Set<String> {
        try await cached("members:" + coSpace) { [client] in
            Set(try await client.coSpaceUsers(coSpace: coSpace).compactMap { $0.userJid?.lowercased() })
        }
    }
}
