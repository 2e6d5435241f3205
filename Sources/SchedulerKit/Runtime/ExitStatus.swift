/// The process exit codes of cmsched: a contract with scripts (see docs/exit-codes.md).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case partial = 3
    case usage = 64
    case badInput = 65
    case inputMissing = 66
    case unavailable = 69
    case internalError = 70
    case cannotWriteOutput = 73
    case ioError = 74
    case temporary = 75
    case protocolError = 76
    case permission = 77
    case configuration = 78
    case interrupted = 130
}
