import Foundation

/// Every failure the library reports, one case per exit code, each with a one-line message.
public enum CmschedError: Error, LocalizedError, Equatable, Sendable {
    /// Some items of a bulk job failed; the report says which.
    case partial(String)
    /// The command line itself is wrong.
    case usage(String)
    /// Input data (CSV, ICS, XML, JSON, a value) is malformed.
    case badInput(String)
    /// An input file or object does not exist.
    case inputMissing(String)
    /// A peer (Call Bridge, SMTP server, Web Bridge) could not be reached after retries.
    case unavailable(String)
    /// A bug: an invariant did not hold.
    case internalError(String)
    /// An output file could not be created or replaced.
    case cannotWriteOutput(String)
    /// Reading or writing local storage failed.
    case ioError(String)
    /// Try again later: a lock is held or the database is busy.
    case temporary(String)
    /// A peer answered something we cannot understand.
    case protocolError(String)
    /// Credentials refused, or a secret file too open.
    case permission(String)
    /// A setting is missing or invalid, TLS trust failed, or the database is from a newer cmsched.
    case configuration(String)
    /// The user interrupted the command.
    case interrupted
    /// A field of a meeting (a CSV column name: `name`, `count`, `until`, …) is wrong: bad input,
    /// with the field kept so front ends name it (a JSON pointer) without reading the message.
    case invalidField(field: String, message: String)
    /// A field of a meeting names a template, space, role or user that does not exist: input
    /// missing (66), with the field kept (front ends answer it as a wrong field, with its pointer).
    case unknownName(field: String, message: String)
    /// The organizer may not book this: bad rights (77), with the rule that refused.
    case accessRefused(rule: AccessRule, message: String)
    /// The store cannot take a write now (its file removed or replaced under the process, the
    /// disk full, the file read-only): an I/O error (74), answered 503 `storeUnavailable` by serve.
    case storeUnavailable(String)

    /// Which rule refused an organizer.
    public enum AccessRule: String, Sendable, Equatable {
        /// The template of a new space is not assigned to them.
        case templateNotAssigned
        /// They are not a member of the existing space.
        case notMember
    }

    /// A wrong field, its message naming it (`field NAME: reason`).
    public static func field(_ name: String, _ reason: String) -> CmschedError {
        .invalidField(field: name, message: "field \(name): \(reason)")
    }

    /// A field naming something that does not exist (`field NAME: reason`), exit 66.
    public static func unknown(_ name: String, _ reason: String) -> CmschedError {
        .unknownName(field: name, message: "field \(name): \(reason)")
    }

    /// The field a wrong or unknown field error names, or nil.
    public var field: String? {
        switch self {
        case .invalidField(let field, _), .unknownName(let field, _): field
        default: nil
        }
    }

    /// The exit code this error ends the process with.
    public var exitStatus: ExitStatus {
        switch self {
        case .partial: .partial
        case .usage: .usage
        case .badInput: .badInput
        case .inputMissing: .inputMissing
        case .unavailable: .unavailable
        case .internalError: .internalError
        case .cannotWriteOutput: .cannotWriteOutput
        case .ioError: .ioError
        case .temporary: .temporary
        case .protocolError: .protocolError
        case .permission: .permission
        case .configuration: .configuration
        case .interrupted: .interrupted
        case .invalidField: .badInput
        case .unknownName: .inputMissing
        case .accessRefused: .permission
        case .storeUnavailable: .ioError
        }
    }

    /// How bad a failure is for a whole job, highest first: what stops every item (configuration,
    /// credentials, the disk, an unreachable peer) outranks what one item got wrong (its data).
    public var severity: Int {
        switch self {
        case .configuration: 10
        case .permission, .accessRefused: 9
        case .ioError, .storeUnavailable: 8
        case .cannotWriteOutput: 7
        case .unavailable: 6
        case .protocolError: 5
        case .internalError: 4
        case .temporary: 3
        case .interrupted: 11
        case .inputMissing, .unknownName: 2
        case .badInput, .usage, .invalidField: 1
        case .partial: 0
        }
    }

    /// The worst of several failures (by `severity`), or nil for none.
    public static func worst(_ errors: [CmschedError]) -> CmschedError? {
        errors.max { $0.severity < $1.severity }
    }

    public var errorDescription: String? { message }

    /// The one-line message shown to the user.
    public var message: String {
        switch self {
        case .partial(let m), .usage(let m), .badInput(let m), .inputMissing(let m),
            .unavailable(let m), .internalError(let m), .cannotWriteOutput(let m),
            .ioError(let m), .temporary(let m), .protocolError(let m), .permission(let m),
            .configuration(let m), .invalidField(_, let m), .unknownName(_, let m), .accessRefused(_, let m),
            .storeUnavailable(let m):
            m
        case .interrupted: "interrupted"
        }
    }
}

extension CmschedError {
    /// The same kind of failure (same exit code) with another message.
    public func withMessage(_ text: String) -> CmschedError {
        switch self {
        case .partial: .partial(text)
        case .usage: .usage(text)
        case .badInput: .badInput(text)
        case .inputMissing: .inputMissing(text)
        case .unavailable: .unavailable(text)
        case .internalError: .internalError(text)
        case .cannotWriteOutput: .cannotWriteOutput(text)
        case .ioError: .ioError(text)
        case .temporary: .temporary(text)
        case .protocolError: .protocolError(text)
        case .permission: .permission(text)
        case .configuration: .configuration(text)
        case .interrupted: .interrupted
        case .invalidField(let field, _): .invalidField(field: field, message: text)
        case .unknownName(let field, _): .unknownName(field: field, message: text)
        case .accessRefused(let rule, _): .accessRefused(rule: rule, message: text)
        case .storeUnavailable: .storeUnavailable(text)
        }
    }

    /// The cmsched error for any library error, or nil for errors that are not ours
    /// (ArgumentParser's own, which keep their usage exit codes).
    public static func wrapping(_ error: any Error) -> CmschedError? {
        switch error {
        case let error as CmschedError: error
        case let error as CallBridgeError: error.cmschedError
        case is CancellationError: .interrupted
        default: nil
        }
    }
}
