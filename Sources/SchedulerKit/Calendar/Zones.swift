import Foundation
import Synchronization

/// Time zones by their IANA name, each made once per process. Foundation's
/// `TimeZone(identifier:)` asks ICU for the zone's canonical name at every call; a meeting's zone
/// was made again each time it was read, listed, expanded or shown (bench/RESULTS.md, "Less work
/// per meeting on the read path"). A zone's rules are tzdata's, read when the zone is first made,
/// as Foundation keeps them.
public enum Zones {
    /// At most this many names are kept (tzdata has about 600); a name beyond is made each time.
    static let kept = 1_000

    private static let made = Mutex(FewNamed<TimeZone>())

    /// The zone named `identifier`, nil for a name Foundation does not know.
    public static func named(_ identifier: String) -> TimeZone? {
        if let zone = made.withLock({ $0[identifier] }) { return zone }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        made.withLock { if $0.count < kept { $0.update(identifier, default: zone) { _ in } } }
        return zone
    }

    /// The offsets from UTC found so far, by zone name.
    private static let offsets = Mutex(FewNamed<OffsetSpans>())

    /// `zone`'s offset from UTC at `date`, in seconds, as `zone.secondsFromGMT(for:)` gives it,
    /// looked up in the zone's rules once for each span of time it holds for: Foundation takes a
    /// lock and walks ICU's rules at every call, and a listing asks eight times for each meeting
    /// (bench/RESULTS.md, "Fewer page faults, copies and look-ups in a listing"). The span is
    /// from `date` to the zone's next transition, which Foundation reports for every change of
    /// offset, standard or daylight saving (ZonesTests checks it against every zone).
    public static func secondsFromGMT(_ zone: TimeZone, at date: Date) -> Int {
        let time = date.timeIntervalSince1970
        let name = zone.identifier
        if let offset = offsets.withLock({ $0[name]?.offset(at: time) }) { return offset }
        let offset = zone.secondsFromGMT(for: date)
        guard time.isFinite else { return offset }
        let end = zone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970 ?? .infinity
        offsets.withLock { known in
            guard known[name] != nil || known.count < kept else { return }
            known.update(name, default: OffsetSpans()) { $0.insert(OffsetSpans.Span(start: time, end: end, offset: offset)) }
        }
        return offset
    }
}

/// Values by name, for the few names a process uses (its zones): the first few are found by
/// comparing names, the rest by hash (hashing a zone's name, as a dictionary does, cost more
/// than the look-up it was for).
struct FewNamed<Value> {
    /// How many are found by comparing names.
    static var compared: Int { 16 }

    private var names: [String] = []
    private var values: [Value] = []
    private var others: [String: Value] = [:]

    var count: Int { names.count + others.count }

    subscript(name: String) -> Value? {
        if let index = names.firstIndex(of: name) { return values[index] }
        return others.isEmpty ? nil : others[name]
    }

    /// Changes the value named `name` through `change`, `initial` first when there is none.
    mutating func update(_ name: String, default initial: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        if let index = names.firstIndex(of: name) { return change(&values[index]) }
        if names.count < Self.compared {
            names.append(name)
            values.append(initial())
            return change(&values[values.count - 1])
        }
        change(&others[name, default: initial()])
    }
}

/// One zone's offsets found so far: spans of time, `start` up to but not including `end`, each
/// with the offset that holds throughout it; sorted, none overlapping.
struct OffsetSpans {
    struct Span: Equatable {
        var start: Double
        var end: Double
        var offset: Int
    }

    /// At most this many spans are kept (a zone has about two transitions a year); beyond, the
    /// ones found are forgotten and found again.
    static let kept = 2_048

    private(set) var spans: [Span] = []

    /// The offset at `time`, when a span holds it.
    func offset(at time: Double) -> Int? {
        // The last span that starts at or before `time`.
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start <= time { low = middle + 1 } else { high = middle }
        }
        guard low > 0, time < spans[low - 1].end else { return nil }
        return spans[low - 1].offset
    }

    /// Adds `span`, joined with the spans it overlaps or meets that have its offset (a span it
    /// overlaps holds the same offset: both were read from the zone's rules).
    mutating func insert(_ span: Span) {
        guard span.start < span.end else { return }
        if spans.count >= Self.kept { spans.removeAll() }
        var joined = span
        var first = spans.count, last = -1
        for (index, known) in spans.enumerated() where known.start <= joined.end && joined.start <= known.end {
            let overlaps = known.start < span.end && span.start < known.end
            guard known.offset == span.offset else {
                if overlaps { return }  // not possible from the zone's own rules: keep what is known
                continue
            }
            joined.start = Swift.min(joined.start, known.start)
            joined.end = Swift.max(joined.end, known.end)
            first = Swift.min(first, index)
            last = index
        }
        if last >= first {
            spans.replaceSubrange(first...last, with: [joined])
        } else {
            spans.insert(joined, at: spans.firstIndex { $0.start > joined.start } ?? spans.count)
        }
    }
}
