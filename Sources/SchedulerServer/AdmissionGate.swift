import Foundation

/// At most `running` pieces of work at once per key, and at most `waiting` more waiting for a
/// turn; beyond that, work is refused at once (busy). serve keys it by Web Bridge link (C2W
/// requests), by API user (HTTPS requests) and by one key for all password checks, so no link
/// or user can take every turn and a flood is answered quickly instead of queued without end.
final class AdmissionGate: @unchecked Sendable {
    let running: Int
    let waiting: Int
    private let lock = NSLock()
    private var keys: [String: Turns] = [:]

    private struct Turns {
        var running = 0
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    init(running: Int, waiting: Int) {
        self.running = running
        self.waiting = waiting
    }

    /// Takes a turn for `key`, waiting for one when all are taken; false (busy) when the queue is full.
    func enter(_ key: String) async -> Bool {
        await withCheckedContinuation { continuation in
            if let now = take(key, queueing: continuation) { continuation.resume(returning: now) }
        }
    }

    /// A turn for `key` (true), none and no room to wait (false), or nil: `continuation` is queued,
    /// for `leave` to resume.
    private func take(_ key: String, queueing continuation: CheckedContinuation<Bool, Never>) -> Bool? {
        lock.withLock {
            var turns = keys[key] ?? Turns()
            defer { keys[key] = turns }
            if turns.running < running {
                turns.running += 1
                return true
            }
            guard turns.waiting.count < waiting else { return false }
            turns.waiting.append(continuation)
            return nil
        }
    }

    /// Gives the turn to the next waiting piece of work for `key`, or frees it.
    func leave(_ key: String) {
        let next: CheckedContinuation<Bool, Never>? = lock.withLock {
            guard var turns = keys[key] else { return nil }
            if turns.waiting.isEmpty {
                turns.running -= 1
                keys[key] = turns.running == 0 ? nil : turns
                return nil
            }
            let next = turns.waiting.removeFirst()
            keys[key] = turns
            return next
        }
        next?.resume(returning: true)
    }

    /// `body` in a turn for `key`, or nil (busy) when there is none to wait for.
    func run<T: Sendable>(_ key: String, _ body: () async throws -> T) async rethrows -> T? {
        guard await enter(key) else { return nil }
        defer { leave(key) }
        return try await body()
    }
}
