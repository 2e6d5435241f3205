import Foundation

/// The reason element of a `<failureDetails>` reply, e.g. `coSpaceDoesNotExist`.
public struct FailureReason: Sendable, Equatable, Codable {
    public var reason: String
    /// For `parameterError`: the parameter at fault and the kind of error.
    public var parameter: String?
    public var error: String?

    public init(reason: String, parameter: String? = nil, error: String? = nil) {
        self.reason = reason
        self.parameter = parameter
        self.error = error
    }

    /// Reads `<failureDetails><reason …/></failureDetails>`; nil when the body is not one.
    public init?(xml: XMLTree) {
        guard xml.name == "failureDetails", let first = xml.children.first else { return nil }
        reason = first.name
        parameter = first.attributes["parameter"]
        error = first.attributes["error"]
    }

    /// True for the `…DoesNotExist` family.
    public var isNotFound: Bool { reason.hasSuffix("DoesNotExist") }

    public var description: String {
        var text = reason
        if let parameter { text += " (parameter \(parameter)" + (error.map { ": \($0)" } ?? "") + ")" }
        return text
    }
}

/// What can go wrong talking to the Call Bridge API, typed so callers can reconcile.
public enum CallBridgeError: Error, Equatable, Sendable {
    /// The API answered with `<failureDetails>` (4xx/5xx).
    case failure(method: String, path: String, status: Int, reason: FailureReason)
    /// 401 or 403: credentials refused.
    case unauthorized(method: String, path: String, status: Int)
    /// An HTTP error without `<failureDetails>`.
    case http(method: String, path: String, status: Int)
    /// No usable reply after the retries (timeouts, resets, refused connections, 503s).
    case unavailable(method: String, path: String, detail: String)
    /// A POST that may or may not have been applied: reconcile, do not repeat blindly.
    case outcomeUnknown(path: String, detail: String)
    /// The reply could not be understood (malformed XML, missing Location…).
    case protocolViolation(method: String, path: String, detail: String)
    /// The server's certificate did not verify against the trust store.
    case tlsTrust(url: String, detail: String)

    /// The failure reason when the API gave one.
    public var failureReason: FailureReason? {
        if case .failure(_, _, _, let reason) = self { return reason }
        return nil
    }

    /// True when the API said the object does not exist.
    public var isNotFound: Bool { failureReason?.isNotFound ?? false }

    /// The Call Bridge cannot be reached, or refuses the credentials or the TLS: asking again at
    /// once would fail the same way.
    var meansNoFurtherAnswers: Bool {
        switch self {
        case .unavailable, .unauthorized, .tlsTrust: true
        default: false
        }
    }

    /// The cmsched error (and so exit code) for this failure.
    public var cmschedError: CmschedError {
        switch self {
        case .failure(let method, let path, let status, let reason):
            let message = "Call Bridge refused \(method) \(path): \(reason.description) (HTTP \(status))"
            return reason.isNotFound ? .inputMissing(message) : .badInput(message)
        case .unauthorized(let method, let path, let status):
            return .permission("Call Bridge refused the credentials for \(method) \(path) (HTTP \(status)); check callbridge.user and the password")
        case .http(let method, let path, let status):
            return .protocolError("Call Bridge answered \(method) \(path) with HTTP \(status) and no failure details")
        case .unavailable(let method, let path, let detail):
            return .unavailable("Call Bridge unavailable for \(method) \(path): \(detail)")
        case .outcomeUnknown(let path, let detail):
            return .unavailable("Call Bridge POST \(path) may or may not have been applied: \(detail)")
        case .protocolViolation(let method, let path, let detail):
            return .protocolError("unexpected reply from the Call Bridge to \(method) \(path): \(detail)")
        case .tlsTrust(let url, let detail):
            return .configuration("TLS trust failure for \(url): \(detail) (check callbridge.ca_file)")
        }
    }
}

extension CallBridgeError: LocalizedError {
    public var errorDescription: String? { cmschedError.message }
}
