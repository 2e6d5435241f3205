// The libFuzzer driver every fuzz target runs (`make fuzz`, README "Fuzzing"): it hands each
// input libFuzzer makes to the target's body. Built only with -sanitize=fuzzer (scripts/fuzz).
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) private var body: ((Data) -> Void)?

/// libFuzzer's entry for one input (its driver asks for the symbol): the target's body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    body?(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

/// Runs libFuzzer with this process's arguments, `test` called with each input; exits with its status.
public func runFuzzer(_ test: @escaping (Data) -> Void) -> Never {
    body = test
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
}
