extension Array {
    /// Puts the elements in the order `order` gives: afterwards the i-th is the one that was at
    /// `order[i]` (`order` holds each index once). The elements are moved, following each cycle
    /// of the permutation, never copied: copying a meeting takes a reference to each of its texts.
    mutating func arrange(by order: [Int]) {
        precondition(order.count == count, "an order of \(order.count) indices for \(count) elements")
        var placed = [Bool](repeating: false, count: count)
        // Swapped through the buffer, whose swap moves the two elements (Array's copies each).
        withUnsafeMutableBufferPointer { elements in
            for first in elements.indices where !placed[first] {
                var current = first
                while true {
                    placed[current] = true
                    let source = order[current]
                    if source == first { break }
                    elements.swapAt(current, source)
                    current = source
                }
            }
        }
    }
}
