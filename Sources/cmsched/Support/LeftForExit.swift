/// Values a command's last step has finished with, left for the process's exit to reclaim: a
/// listing's ten thousand meetings were otherwise freed one string and array at a time just before
/// the process ended, 5 % of `meeting list --format json` (compilers skip the same work).
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
