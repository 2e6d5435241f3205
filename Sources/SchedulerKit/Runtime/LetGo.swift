import Foundation

/// Values a step has finished with, dropped on another core: freeing tens of thousands of rows one
/// text at a time is work the caller need not wait for. The caller hands its reference over
/// (`consume`), so the last one is dropped there.
enum LetGo {
    private final class Held<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: consuming Value) { self.value = value }
    }

    static func onAnotherCore<Value>(_ value: consuming Value) {
        let held = Unmanaged.passRetained(Held(value))
        DispatchQueue.global().async { held.release() }
    }
}
