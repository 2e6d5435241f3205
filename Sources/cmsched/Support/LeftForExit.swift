/// Values a command's last step has finished with, left for the process's exit to reclaim, rather
/// than freed one string and array at a time just before the process ends (compilers skip the
/// same work; a fast path: bench/RESULTS.md, "Fast paths").
enum LeftForExit {
    private final class Kept<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Keeps `value` until the process exits. Only for what a command holds at its very end.
    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Kept(value))
    }
}
