import Foundation
import Logging
import SchedulerKit

/// The process's limit on open descriptors, raised toward what `connections` HTTPS connections
/// and the rest of serve need (the soft limit up to the hard one), with a warning when the hard
/// limit is lower (systemd: `LimitNOFILE`).
enum DescriptorLimit {
    /// Descriptors serve needs beside its HTTPS connections: the store, C2W links, SMTP, files.
    static let reserve = 256

    static func ensure(connections: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let needed = rlim_t(connections + reserve)
        if limit.rlim_cur < needed {
            var raised = limit
            raised.rlim_cur = min(needed, limit.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        if limit.rlim_cur < needed {
            logger.warning(
                "the open-file limit is \(limit.rlim_cur), below the \(needed) that https.max_connections (\(connections)) and serve need: raise it (systemd: LimitNOFILE) or lower https.max_connections")
        }
    }
}

/// Whether `https.listen` can be bound, asked before serve links to any Web Bridge: an address
/// another process listens on (another serve of the store on this host, or any program) is
/// refused at once (69, naming it), not after the links are up.
enum ListenCheck {
    static func ensureFree(_ address: ListenAddress) throws {
        guard address.port != 0 else { return }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address.host, String(address.port), &hints, &found) == 0, let first = found else { return }
        defer { freeaddrinfo(found) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0, errno == EADDRINUSE {
            throw CmschedError.unavailable(
                "https.listen \(address.host):\(address.port): the address is already in use (another serve, or another program, listens there)")
        }
    }
}
