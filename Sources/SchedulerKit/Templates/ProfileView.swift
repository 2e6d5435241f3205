import Foundation

/// A call or call leg profile as `profile list` prints it.
public struct ProfileView: Sendable, StableJSON, Equatable {
    /// `callProfile` or `callLegProfile`.
    public var kind: String
    public var id: String
    public var name: String?
}

extension TemplateAdmin {
    /// Every call profile and call leg profile with its id and name.
    public func profiles() async throws -> [ProfileView] {
        let (call, callLeg) = try await client.profiles()
        return call.map { ProfileView(kind: "callProfile", id: $0.id, name: $0.name) }
            + callLeg.map { ProfileView(kind: "callLegProfile", id: $0.id, name: $0.name) }
    }

    /// The spec with every profile named by name replaced by its id; exit 66 for an unknown one.
    func resolvingProfiles(_ spec: TemplateSpec) async throws -> TemplateSpec {
        let named = [spec.callProfile, spec.callLegProfile] + spec.accessMethods.map(\.callLegProfile)
        guard named.contains(where: { $0 != nil }) else { return spec }
        let all = try await profiles()
        func resolve(_ reference: String?, kind: String) throws -> String? {
            guard let reference else { return nil }
            let candidates = all.filter { $0.kind == kind }
            if let match = candidates.first(where: { $0.id == reference }) ?? candidates.first(where: { $0.name == reference }) {
                return match.id
            }
            throw CmschedError.inputMissing("no \(kind) '\(reference)' on the Call Bridge (see the profile list)")
        }
        var resolved = spec
        resolved.callProfile = try resolve(spec.callProfile, kind: "callProfile")
        resolved.callLegProfile = try resolve(spec.callLegProfile, kind: "callLegProfile")
        for index in resolved.accessMethods.indices {
            resolved.accessMethods[index].callLegProfile = try resolve(spec.accessMethods[index].callLegProfile, kind: "callLegProfile")
        }
        return resolved
    }

    /// Deletes a template; refused (65) while scheduled meetings still use it, unless `force`.
    /// `inUse` counts the scheduled meetings whose temporary space was made from a template id.
    public func delete(_ reference: String, force: Bool, inUse: (String) async throws -> Int) async throws -> TemplateView {
        let template = try await client.coSpaceTemplate(reference: reference)
        let users = try await inUse(template.id)
        if users > 0 && !force {
            throw CmschedError.badInput(
                "template '\(template.name ?? template.id)' is used by \(users) scheduled meetings; delete them first, or force it")
        }
        let view = try await view(template)
        try await client.deleteCoSpaceTemplate(id: template.id)
        return view
    }
}
