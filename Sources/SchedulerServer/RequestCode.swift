import SchedulerKit

extension CmschedError {
    /// The error code a web app user (C2W, `c2w.md`) or an API client (HTTPS) gets for a
    /// use-case failure.
    var requestCode: String {
        switch exitStatus {
        case .badInput, .usage: "invalidRequest"
        case .inputMissing: "notFound"
        case .permission: message.contains("template") ? "templateNotAssigned" : "forbidden"
        case .unavailable, .protocolError: "callBridgeUnavailable"
        default: "internal"
        }
    }
}
