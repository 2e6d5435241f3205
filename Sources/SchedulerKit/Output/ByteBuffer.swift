/// A growable run of bytes written through a pointer: what `JSONText` writes into. An append is a
/// capacity check and a copy, and the writer fills reserved room in place (a fast path against
/// `[UInt8]` appends: bench/RESULTS.md, "Fast paths"). Copies share
/// the bytes until one of them writes (copy on write, as an Array).
struct ByteBuffer {
    private final class Storage {
        // Only the buffer that owns a Storage uniquely writes to it, so run-time exclusivity
        // checks are left out.
        @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) var count = 0
        @exclusivity(unchecked) var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage

    init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    var count: Int { storage.count }

    /// The bytes written so far.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

    /// Where the next `extra` bytes go, with room for them made: the caller writes them there,
    /// then calls `advance` with how many it wrote.
    @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) || storage.count + extra > storage.capacity { reallocate(extra) }
        return storage.base + storage.count
    }

    @inline(__always)
    mutating func advance(_ written: Int) {
        storage.count += written
    }

    /// A storage of its own with room for `extra` more bytes (at least twice the old capacity
    /// when growing, so appends stay linear).
    private mutating func reallocate(_ extra: Int) {
        let old = storage
        let needed = old.count + extra
        let fresh = Storage(capacity: needed > old.capacity ? Swift.max(needed, 2 * old.capacity) : old.capacity)
        fresh.base.update(from: old.base, count: old.count)
        fresh.count = old.count
        storage = fresh
    }

    mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        advance(1)
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count).update(from: source, count: bytes.count)
        advance(bytes.count)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func append(contentsOf text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    mutating func append(repeating byte: UInt8, count: Int) {
        reserve(count).update(repeating: byte, count: count)
        advance(count)
    }

    /// Forgets the bytes, keeping the room they took (when not shared).
    mutating func removeAll() {
        if isKnownUniquelyReferenced(&storage) { storage.count = 0 } else { storage = Storage(capacity: storage.capacity) }
    }
}
