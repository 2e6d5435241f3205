import Foundation

/// CPU-bound work (expanding series for a listing) run on threads of its own, at most one fewer
/// at once than there are cores (at least one), rather than on the few threads Swift's tasks
/// share: there it would hold up every other request, and a Web Bridge link's pings, until done.
public enum CPUWork {
    private static let queue: OperationQueue = {
        let queue = OperationQueue()
        queue.name = "cmsched.cpu-work"
        queue.maxConcurrentOperationCount = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        return queue
    }()

    /// `body`'s result, computed on the CPU work threads.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.addOperation { continuation.resume(returning: body()) }
        }
    }
}
