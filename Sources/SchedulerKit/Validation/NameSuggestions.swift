/// The existing names nearest a misspelled one, for "did you mean …?" in messages.
public enum NameSuggestions {
    /// Up to `limit` of `names` nearest `name` (case-insensitive edit distance; a name that holds
    /// it, or that it holds, counts as nearest): those at the least distance found, when that is
    /// at most a third of the name (and at least two edits); none when nothing is close.
    public static func nearest(_ name: String, among names: [String], limit: Int = 3) -> [String] {
        let wanted = Array(name.lowercased())
        guard !wanted.isEmpty else { return [] }
        var scored: [(distance: Int, name: String)] = []
        for candidate in Set(names) where !candidate.isEmpty {
            let lower = candidate.lowercased()
            let distance = lower.contains(name.lowercased()) || name.lowercased().contains(lower)
                ? 0 : editDistance(wanted, Array(lower))
            if distance <= max(2, wanted.count / 3) { scored.append((distance, candidate)) }
        }
        guard let best = scored.map(\.distance).min() else { return [] }
        return scored.filter { $0.distance == best }.map(\.name).sorted().prefix(limit).map { $0 }
    }

    /// `; did you mean A, B or C?` for the nearest names, or "" when none is near.
    public static func clause(_ name: String, among names: [String]) -> String {
        let near = nearest(name, among: names)
        guard let last = near.last else { return "" }
        let list = near.count == 1 ? last : near.dropLast().joined(separator: ", ") + " or " + last
        return "; did you mean \(list)?"
    }

    /// Levenshtein distance (insertions, deletions, substitutions), one row at a time.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
