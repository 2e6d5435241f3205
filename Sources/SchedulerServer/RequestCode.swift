import SchedulerKit

extension CmschedError {
    /// The error code a web app user (C2W, `c2w.md`) or an API client (HTTPS) gets for a
    /// use-case failure, by its kind (never by its message).
    var requestCode: String {
        switch self {
        case .accessRefused(.templateNotAssigned, _): "templateNotAssigned"
        case .storeUnavailable, .ioError: "storeUnavailable"
        case .unknownName: "invalidRequest"
        default:
            switch exitStatus {
            case .badInput, .usage: "invalidRequest"
            case .inputMissing: "notFound"
            case .permission: "forbidden"
            case .unavailable, .protocolError: "callBridgeUnavailable"
            case .temporary: "busy"
            default: "internal"
            }
        }
    }
}
