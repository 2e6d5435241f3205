import Foundation

/// A coSpaceTemplate with its access method templates, as `template list/show` print it.
public struct TemplateView: Sendable, StableJSON, Equatable {
    public struct Method: Sendable, StableJSON, Equatable {
        public var id: String
        public var name: String?
        public var uriGenerator: String?
        public var callLegProfile: String?
        public var generateUniqueCallId: Bool
    }

    public var id: String
    public var name: String?
    public var description: String?
    public var callProfile: String?
    public var callLegProfile: String?
    public var accessMethods: [Method]
    /// The name (or id) of the access method organizers join by (`defaultAccessMethodTemplate`);
    /// nil when the template names none (organizers then join by the space's own URI).
    public var defaultAccessMethod: String?
}

/// What `template create` asks for.
public struct TemplateSpec: Sendable, Equatable {
    public struct Method: Sendable, Equatable {
        public var name: String
        public var uriGenerator: String
        public var callLegProfile: String?
        public var uniqueCallId: Bool
    }

    public var name: String
    public var description: String?
    public var callProfile: String?
    public var callLegProfile: String?
    public var accessMethods: [Method]
    /// The name of one of `accessMethods`: the organizer's default.
    public var defaultAccessMethod: String?

    public init(
        name: String, description: String?, callProfile: String?, callLegProfile: String?, accessMethods: [Method],
        defaultAccessMethod: String? = nil
    ) throws {
        self.name = name
        self.description = description
        self.callProfile = callProfile
        self.callLegProfile = callLegProfile
        self.accessMethods = accessMethods
        if let defaultAccessMethod, !accessMethods.contains(where: { $0.name == defaultAccessMethod }) {
            let names = accessMethods.map(\.name)
            throw CmschedError.badInput(
                "default access method '\(defaultAccessMethod)' is not one of the template's access methods (\(names.joined(separator: ", ")))"
                    + NameSuggestions.clause(defaultAccessMethod, among: names))
        }
        self.defaultAccessMethod = defaultAccessMethod
    }

    /// Parses `NAME:URIGEN[:CALLLEGPROFILE][:unique-callid]`, checking the generator as the API does.
    public static func accessMethod(_ text: String) throws -> Method {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= 4, !parts[0].isEmpty else {
            throw CmschedError.badInput("access method '\(text)': expected NAME:URIGEN[:CALLLEGPROFILE][:unique-callid]")
        }
        try validateGenerator(parts[1], in: text)
        var method = Method(name: parts[0], uriGenerator: parts[1], callLegProfile: nil, uniqueCallId: false)
        for extra in parts.dropFirst(2) where !extra.isEmpty {
            if extra == "unique-callid" {
                method.uniqueCallId = true
            } else if method.callLegProfile == nil {
                method.callLegProfile = extra
            } else {
                throw CmschedError.badInput("access method '\(text)': unexpected '\(extra)'")
            }
        }
        return method
    }

    /// `uriGenerator`: only `a-z A-Z 0-9 . - _ $`, and exactly one `$` (Cisco's API reference).
    public static func validateGenerator(_ generator: String, in text: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_$")
        guard generator.allSatisfy(allowed.contains) else {
            throw CmschedError.badInput("access method '\(text)': uriGenerator may only hold a-z A-Z 0-9 . - _ $")
        }
        guard generator.filter({ $0 == "$" }).count == 1 else {
            throw CmschedError.badInput("access method '\(text)': uriGenerator must contain exactly one $")
        }
    }
}

/// coSpaceTemplates, their access method templates, and their assignment to users.
public struct TemplateAdmin: Sendable {
    let client: CallBridgeClient

    public init(client: CallBridgeClient) { self.client = client }

    /// Every template, or those assigned to `user` (by JID).
    public func list(user jid: String? = nil) async throws -> [TemplateView] {
        let templates: [CoSpaceTemplate]
        if let jid {
            let user = try await user(jid)
            let ids = try await client.userCoSpaceTemplates(user: user.id).compactMap(\.coSpaceTemplate)
            var found: [CoSpaceTemplate] = []
            for id in ids { found.append(try await client.coSpaceTemplate(id: id)) }
            templates = found
        } else {
            // Read whole: a list leaves out `defaultAccessMethodTemplate`.
            var found: [CoSpaceTemplate] = []
            for item in try await client.coSpaceTemplates() { found.append(try await client.coSpaceTemplate(id: item.id)) }
            templates = found
        }
        var views: [TemplateView] = []
        for template in templates { views.append(try await view(template)) }
        return views
    }

    /// One template by name or id.
    public func show(_ reference: String) async throws -> TemplateView {
        try await view(try await client.coSpaceTemplate(reference: reference))
    }

    /// Creates a template and its access method templates; returns it and whether it was new.
    /// Safe to re-run: an identical template of that name is left as it is; a different one is refused.
    public func create(_ spec: TemplateSpec) async throws -> (TemplateView, created: Bool) {
        let spec = try await resolvingProfiles(spec)
        if let existing = try await client.coSpaceTemplates(filter: spec.name).first(where: { $0.name == spec.name }) {
            let view = try await view(try await client.coSpaceTemplate(id: existing.id))
            guard Self.matches(view, spec) else {
                throw CmschedError.badInput("a template named '\(spec.name)' already exists with other settings (id \(existing.id))")
            }
            return (view, false)
        }
        var form: [(String, String)] = [("name", spec.name)]
        if let description = spec.description { form.append(("description", description)) }
        if let profile = spec.callProfile { form.append(("callProfile", profile)) }
        if let profile = spec.callLegProfile { form.append(("callLegProfile", profile)) }
        let id = try await client.createCoSpaceTemplate(form)
        do {
            for method in spec.accessMethods {
                var methodForm: [(String, String)] = [
                    ("name", method.name), ("uriGenerator", method.uriGenerator),
                    ("generateUniqueCallId", method.uniqueCallId ? "true" : "false"),
                ]
                if let profile = method.callLegProfile { methodForm.append(("callLegProfile", profile)) }
                let methodId = try await client.createAccessMethodTemplate(template: id, methodForm)
                if method.name == spec.defaultAccessMethod {
                    try await client.update("/coSpaceTemplates/\(id)", [("defaultAccessMethodTemplate", methodId)])
                }
            }
        } catch {
            // No half-made template: take it away again, then report what failed.
            try? await client.deleteCoSpaceTemplate(id: id)
            throw error
        }
        return (try await show(id), true)
    }

    /// Assigns a template to a user; false when it was already assigned.
    public func assign(user jid: String, template reference: String) async throws -> Bool {
        let user = try await user(jid)
        let template = try await client.coSpaceTemplate(reference: reference)
        do {
            _ = try await client.assignCoSpaceTemplate(user: user.id, template: template.id)
            return true
        } catch let error as CallBridgeError where error.failureReason?.reason == "duplicateUserCoSpaceTemplate" {
            return false
        }
    }

    /// Removes a template from a user; false when it was not assigned.
    public func unassign(user jid: String, template reference: String) async throws -> Bool {
        let user = try await user(jid)
        let template = try await client.coSpaceTemplate(reference: reference)
        guard let assignment = try await client.userCoSpaceTemplates(user: user.id).first(where: { $0.coSpaceTemplate == template.id })
        else { return false }
        do {
            try await client.unassignCoSpaceTemplate(user: user.id, assignment: assignment.id)
        } catch let error as CallBridgeError where error.isNotFound {
            return false
        }
        return true
    }

    private func user(_ jid: String) async throws -> CallBridgeUser {
        guard let user = try await client.user(jid: jid) else {
            let near = NameSuggestions.clause(jid, among: try await client.namesLike(jid, users: true))
            throw CmschedError.inputMissing("no user '\(jid)' on the Call Bridge\(near)")
        }
        return user
    }

    func view(_ template: CoSpaceTemplate) async throws -> TemplateView {
        let methods = try await client.accessMethodTemplates(template: template.id).map {
            TemplateView.Method(
                id: $0.id, name: $0.name, uriGenerator: $0.uriGenerator, callLegProfile: $0.callLegProfile,
                generateUniqueCallId: $0.generateUniqueCallId ?? false)
        }
        let defaultMethod = template.defaultAccessMethodTemplate.map { id in methods.first { $0.id == id }?.name ?? id }
        return TemplateView(
            id: template.id, name: template.name, description: template.description, callProfile: template.callProfile,
            callLegProfile: template.callLegProfile, accessMethods: methods, defaultAccessMethod: defaultMethod)
    }

    private static func matches(_ view: TemplateView, _ spec: TemplateSpec) -> Bool {
        view.description == spec.description && view.callProfile == spec.callProfile
            && view.callLegProfile == spec.callLegProfile && view.defaultAccessMethod == spec.defaultAccessMethod
            && view.accessMethods.map { [$0.name ?? "", $0.uriGenerator ?? "", $0.callLegProfile ?? "", String($0.generateUniqueCallId)] }
                == spec.accessMethods.map { [$0.name, $0.uriGenerator, $0.callLegProfile ?? "", String($0.uniqueCallId)] }
    }
}
