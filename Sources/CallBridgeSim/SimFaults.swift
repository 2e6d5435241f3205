import Foundation

/// Faults the simulator injects, set per run (command line or in-process), drawn from a seeded RNG
/// so a run with the same settings misbehaves the same way.
public struct SimFaults: Sendable, Equatable {
    /// Added to every API request.
    public var latency: Duration = .zero
    /// Fraction of requests answered `503` (with `Retry-After` when `retryAfterSeconds` > 0).
    public var busyRate: Double = 0
    public var retryAfterSeconds: Int = 0
    /// Fraction of requests that hang for `hangDuration` before being answered.
    public var hangRate: Double = 0
    public var hangDuration: Duration = .seconds(60)
    /// Fraction of successful POSTs whose object is created but whose connection is dropped unanswered.
    public var dropAfterPostRate: Double = 0
    /// Fraction of successful GETs answered with truncated, malformed XML.
    public var malformedRate: Double = 0
    /// At most this many faults are injected in the whole run (nil = no limit).
    public var budget: Int?
    /// Seed of the fault RNG.
    public var seed: UInt64 = 1

    public init() {}

    /// True when no fault is configured.
    public var isNone: Bool {
        latency == .zero && busyRate == 0 && hangRate == 0 && dropAfterPostRate == 0 && malformedRate == 0
    }
}

/// Decides, request by request, which faults apply.
actor FaultDice {
    private(set) var faults: SimFaults
    private var generator: SplitMix64
    private var injected = 0

    init(_ faults: SimFaults) {
        self.faults = faults
        self.generator = SplitMix64(seed: faults.seed)
    }

    func set(_ faults: SimFaults) {
        self.faults = faults
        generator = SplitMix64(seed: faults.seed)
        injected = 0
    }

    /// Rolls for one fault with probability `rate`; counts it against the budget.
    func roll(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        if let budget = faults.budget, injected >= budget { return false }
        let hit = Double(generator.next() >> 11) / Double(1 << 53) < rate
        if hit { injected += 1 }
        return hit
    }
}

/// A small, seedable PRNG (SplitMix64), so fault sequences (and the tests' random inputs) repeat exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
