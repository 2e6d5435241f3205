import Foundation

/// Work begun on another core (a thread of the global dispatch queue) while the caller goes on
/// with its own: blocks of a long list written (`JSONText.arrayOnTwoCores`), the second half of
/// one put together (`ScanSlots.assembled`), tables read on a second connection (`SpacesReadApart`). Its
/// result is taken once, after the work has finished: the taker then holds its only reference.
final class OtherCore<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written by the working thread before it leaves `done`, read after waiting on it.
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = work()
            done.leave()
        }
    }

    /// The work's result, once it has finished (nil when taken before).
    func take() -> Value? {
        done.wait()
        defer { result = nil }
        return result
    }
}

/// When work on many items (list elements, meetings) is shared with another core.
enum TwoCores {
    /// Whether there is another core to work on.
    static var available: Bool { ProcessInfo.processInfo.activeProcessorCount > 1 }

    /// The items from which sharing pays: starting the other core's thread, or a second
    /// connection, costs about what a few hundred of them do.
    static let from = 2_000

    /// Whether work on `count` items is shared.
    static func worth(_ count: Int) -> Bool { count >= from && available }
}
