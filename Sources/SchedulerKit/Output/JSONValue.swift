import Foundation

/// A JSON value, for output built field by field (`BulkRowReport`) and for tests. The types lists
/// print by the thousand write themselves without one (`JSONObject.writeFields`).
public indirect enum JSONValue: Sendable, Encodable {
    case null
    case string(String)
    case int(Int)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A string, or null when there is none.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .int(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let fields):
            var container = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in fields { try container.encode(value, forKey: AnyKey(stringValue: key)) }
        }
    }

    /// The value as `Render.json` prints it (see `JSONText`).
    public func pretty(into out: inout String) {
        var text = JSONText()
        text.value(self)
        out += text.string
    }
}

/// Pretty JSON as JSONEncoder writes it with `Render.json`'s settings (two-space indents,
/// `"key" : value`, keys sorted, slashes unescaped, an empty array or object with a blank line
/// inside), written as bytes while the values are visited. Building a tree of values and then a
/// String was most of what `meeting list --format json` took.
public struct JSONText: JSONFieldWriter {
    private var buffer = ByteBuffer()
    /// How many arrays and objects are open.
    fileprivate var depth = 0
    /// Whether the innermost open array or object has no element yet. (An outer one always has
    /// one: the element being written.)
    private var empty = false

    public init() {}

    /// The text written so far, as UTF-8.
    public var bytes: [UInt8] { buffer.array }

    /// The text written so far.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Forgets the text written so far (open containers stay open).
    public mutating func removeText() { buffer.removeAll() }

    public mutating func null() { buffer.append("null") }

    /// A number in decimal, written digit by digit (no String made).
    public mutating func int(_ number: Int) {
        let width = ASCIIText.width(of: number, padding: 1)
        ASCIIText.write(number, width: width, at: buffer.reserve(width))
        buffer.advance(width)
    }

    /// A JSON string: quote, backslash and control characters escaped as JSONEncoder escapes them.
    public mutating func string(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ quoted($0) }) == nil {
            var text = text
            text.withUTF8 { quoted($0) }
        }
    }

    /// `utf8` in quotes, copied in one pass while no byte needs escaping (nearly always).
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        let out = buffer.reserve(utf8.count + 2)
        out[0] = UInt8(ascii: "\"")
        var index = 0
        // Eight bytes at a time while none of them needs escaping, then byte by byte.
        if let source = utf8.baseAddress {
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                guard !Self.needsEscaping(word) else { break }
                UnsafeMutableRawPointer(out + 1 + index).storeBytes(of: word, as: UInt64.self)
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { break }
            out[index + 1] = byte
            index += 1
        }
        guard index < utf8.count else {
            out[index + 1] = UInt8(ascii: "\"")
            return buffer.advance(index + 2)
        }
        buffer.advance(index + 1)
        for byte in utf8[index...] {
            switch byte {
            case 0x22: buffer.append("\\\"")
            case 0x5C: buffer.append("\\\\")
            case 0x0A: buffer.append("\\n")
            case 0x0D: buffer.append("\\r")
            case 0x09: buffer.append("\\t")
            case 0x08: buffer.append("\\b")
            case 0x0C: buffer.append("\\f")
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                buffer.append(contentsOf: "\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` is a control character, a quote or a backslash
    /// (the bit tricks that find a byte below a bound, or equal to one, in all eight at once).
    private static func needsEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highBits != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highBits != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    public mutating func optional(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .int(let number): int(number)
        case .string(let text): string(text)
        case .array(let values):
            open("[")
            for element in values {
                nextElement()
                self.value(element)
            }
            close("]")
        case .object(let fields):
            // Fields listed in key order need not be sorted (the views list theirs so).
            let inOrder = zip(fields, fields.dropFirst()).allSatisfy { $0.0 < $1.0 }
            open("{")
            for (key, element) in inOrder ? fields : fields.sorted(by: { $0.0 < $1.0 }) { field(key, element) }
            close("}")
        }
    }

    /// An object of the fields `object` writes (in key order).
    public mutating func object<T: JSONObject>(_ object: T) {
        open("{")
        object.writeFields(to: &self)
        close("}")
    }

    public mutating func array(_ values: [String]) {
        open("[")
        for text in values {
            nextElement()
            string(text)
        }
        close("]")
    }

    public mutating func array<T: JSONObject>(_ values: [T]) {
        open("[")
        for value in values {
            nextElement()
            object(value)
        }
        close("]")
    }

    // JSONFieldWriter: each field's key, then its value.
    public mutating func field(_ key: StaticString, _ value: String?) { self.key(key); optional(value) }
    public mutating func field(_ key: StaticString, _ value: Int) { self.key(key); int(value) }
    public mutating func field(_ key: StaticString, _ values: [String]) { self.key(key); array(values) }
    public mutating func field<T: JSONObject>(_ key: StaticString, _ value: T) { self.key(key); object(value) }
    public mutating func field<T: JSONObject>(_ key: StaticString, _ values: [T]) { self.key(key); array(values) }
    public mutating func field(_ key: String, _ value: JSONValue) { self.key(key); self.value(value) }

    /// A top-level array of `values`, each written by `element`, handed to `write` in pieces of
    /// about `piece` bytes as they are made (a list of any length is never held as text).
    public static func array<C: Collection>(
        _ values: C, piece: Int = 1 << 16, write: ([UInt8]) throws -> Void, element: (inout JSONText, C.Element) -> Void
    ) rethrows {
        var text = JSONText.opened(piece: piece)
        try text.elements(values, piece: piece, write: write, element: element)
        text.close("]")
        try write(text.bytes)
    }

    /// `array(_:piece:write:element:)` for a long list, made on two cores: the same bytes, in the
    /// same order. The elements are made in blocks (`SharedBlocks`), each core taking the next
    /// block when it is free; each block is written as soon as the ones before it are, and its
    /// room is made again for a later one. (Half the list held whole on the other core, then
    /// written, faulted in a fresh page for every 4 KiB of its text: bench/RESULTS.md.) Each
    /// block is handed to `write` whole; `piece` is the size of the pieces of a list made alone.
    public static func arrayOnTwoCores<T: Sendable>(
        _ values: [T], piece: Int = 1 << 16, write: ([UInt8]) throws -> Void,
        element: @escaping @Sendable (inout JSONText, T) -> Void
    ) rethrows {
        guard TwoCores.worth(values.count) else {
            return try array(values.indices, piece: piece, write: write) { element(&$0, values[$1]) }
        }
        let blocks = SharedBlocks(count: values.count)
        let make: @Sendable (Int, consuming ByteBuffer) -> ByteBuffer = { block, room in
            var text = JSONText()
            // Taken over, not shared, so its room is written again rather than copied.
            text.buffer = consume room
            text.buffer.removeAll()
            if block == 0 {
                text.open("[")
            } else {
                // Inside the top-level array, after the elements of the blocks before.
                (text.depth, text.empty) = (1, false)
            }
            for index in blocks.elements(of: block) {
                text.nextElement()
                element(&text, values[index])
            }
            return text.buffer
        }
        let helper = OtherCore { blocks.makeUntilNoneIsLeft(make) }
        defer {
            blocks.stop()
            _ = helper.take()
        }
        while let next = blocks.nextInOrder(make) {
            try write(next.array)
            blocks.written(consume next)
        }
        var text = JSONText()
        text.depth = 1
        text.close("]")
        try write(text.bytes)
    }

    /// A top-level array opened, with room for a piece.
    private static func opened(piece: Int) -> JSONText {
        var text = JSONText()
        text.buffer = ByteBuffer(capacity: piece + piece / 4)
        text.open("[")
        return text
    }

    /// Each of `values` as the next element of the open array, the text handed to `write` each
    /// time it reaches `piece` bytes.
    private mutating func elements<C: Collection>(
        _ values: C, piece: Int, write: ([UInt8]) throws -> Void, element: (inout JSONText, C.Element) -> Void
    ) rethrows {
        for value in values {
            nextElement()
            element(&self, value)
            if buffer.count >= piece {
                try write(bytes)
                removeText()
            }
        }
    }

    private mutating func key(_ key: String) {
        nextElement()
        string(key)
        buffer.append(" : ")
    }

    /// A key written in the source, with what comes before it and `" : "` after, in one copy
    /// (a String key was copied out of its String, then each part appended in turn: bench/RESULTS.md).
    /// The keys are the types' own names for their fields, which need no escaping (checked where
    /// the tests write every type's fields).
    private mutating func key(_ key: StaticString) {
        key.withUTF8Buffer { name in
            assert(!name.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }, "a key to escape: \(key)")
            guard let source = name.baseAddress else { return self.key(key.description) }
            let out = nextElement(reserving: name.count + 5)
            out[0] = UInt8(ascii: "\"")
            (out + 1).update(from: source, count: name.count)
            let end = out + 1 + name.count
            (end[0], end[1], end[2], end[3]) = (UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " "))
            buffer.advance(name.count + 5)
        }
    }

    fileprivate mutating func open(_ bracket: StaticString) {
        buffer.append(bracket)
        buffer.append(UInt8(ascii: "\n"))
        depth += 1
        empty = true
    }

    /// What comes before an element: a comma and line break after the one before, then its indent.
    fileprivate mutating func nextElement() {
        _ = nextElement(reserving: 0)
    }

    /// `nextElement()` with room for `extra` bytes after it: where they go (the caller writes
    /// them, then advances the buffer past them).
    private mutating func nextElement(reserving extra: Int) -> UnsafeMutablePointer<UInt8> {
        let comma = empty ? 0 : 2
        let out = buffer.reserve(comma + 2 * depth + extra)
        if !empty {
            out[0] = UInt8(ascii: ",")
            out[1] = UInt8(ascii: "\n")
        }
        (out + comma).update(repeating: UInt8(ascii: " "), count: 2 * depth)
        buffer.advance(comma + 2 * depth)
        empty = false
        return out + comma + 2 * depth
    }

    fileprivate mutating func close(_ bracket: StaticString) {
        depth -= 1
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(repeating: UInt8(ascii: " "), count: 2 * depth)
        buffer.append(bracket)
        empty = false
    }
}

/// The elements of a long JSON array, made in blocks by two cores (`JSONText.arrayOnTwoCores`)
/// and handed back in order. A core claims the next block when it is free, so a core slowed by
/// other work makes fewer; no more than `ahead` blocks wait to be written, so the text held is
/// bounded however long the list, and each block's room is made again for a later one.
final class SharedBlocks: @unchecked Sendable {
    /// Elements in a block (a meeting's JSON is about 1.6 KB).
    static let length = 32
    /// Blocks made and not yet written, at most.
    static let ahead = 8

    /// Guards everything below.
    private let condition = NSCondition()
    private let count: Int
    private let blockCount: Int
    /// The next block to make.
    private var next = 0
    /// The blocks written so far (the next to write is block `writtenCount`).
    private var writtenCount = 0
    private var made: [Int: ByteBuffer] = [:]
    private var room: [ByteBuffer] = []
    private var stopped = false

    init(count: Int) {
        self.count = count
        blockCount = (count + Self.length - 1) / Self.length
    }

    /// The indices of the elements in `block`.
    func elements(of block: Int) -> Range<Int> {
        block * Self.length..<Swift.min((block + 1) * Self.length, count)
    }

    /// The other core's part: blocks claimed and made until none is left or writing stopped.
    func makeUntilNoneIsLeft(_ make: (Int, consuming ByteBuffer) -> ByteBuffer) {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while !stopped && next < blockCount && next - writtenCount >= Self.ahead { condition.wait() }
            guard !stopped, next < blockCount else { return }
            claimAndMake(make)
        }
    }

    /// The writer's part: the next block in order, made here when it is not made already and there
    /// is a block to claim, else waited for; nil once all are written.
    func nextInOrder(_ make: (Int, consuming ByteBuffer) -> ByteBuffer) -> ByteBuffer? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let block = made.removeValue(forKey: writtenCount) { return block }
            if writtenCount == blockCount { return nil }
            if next < blockCount && next - writtenCount < Self.ahead {
                claimAndMake(make)
            } else {
                condition.wait()
            }
        }
    }

    /// Records that the block `nextInOrder` returned is written; its room is kept for a later one.
    func written(_ block: consuming ByteBuffer) {
        condition.lock()
        writtenCount += 1
        room.append(consume block)
        condition.broadcast()
        condition.unlock()
    }

    /// Nothing more is claimed (the writer failed, or finished).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Claims the next block and makes it with the lock let go. Called with the lock held.
    private func claimAndMake(_ make: (Int, consuming ByteBuffer) -> ByteBuffer) {
        let block = next
        next += 1
        let buffer = room.popLast() ?? ByteBuffer(capacity: 1 << 16)
        condition.unlock()
        let text = make(block, consume buffer)
        condition.lock()
        made[block] = consume text
        condition.broadcast()
    }
}

/// A top-level array written element by element as they come, as `JSONText` writes one: for
/// output that streams (bulk reports).
public struct JSONArrayText {
    private var text = JSONText()

    public init() {}

    /// Appends the next element, with the text that opens the array or separates it from the last.
    public mutating func append(_ value: JSONValue, to out: inout String) {
        if text.depth == 0 { text.open("[") }
        text.nextElement()
        text.value(value)
        out += text.string
        text.removeText()
    }

    /// What closes the array (an empty one, whole).
    public var end: String {
        var rest = text
        if rest.depth == 0 { rest.open("[") }
        rest.close("]")
        return rest.string
    }
}

/// Where a `JSONObject` writes its fields, in key order: the JSON text itself (`JSONText`) or a
/// list of values (`JSONFieldList`, for Codable and the tests).
public protocol JSONFieldWriter {
    // The keys of typed fields are the types' own, written in the source: `JSONText` copies them
    // without making a String for each (bench/RESULTS.md). A `JSONValue`'s key may be made.
    mutating func field(_ key: StaticString, _ value: String?)
    mutating func field(_ key: StaticString, _ value: Int)
    mutating func field(_ key: StaticString, _ values: [String])
    mutating func field<T: JSONObject>(_ key: StaticString, _ value: T)
    mutating func field<T: JSONObject>(_ key: StaticString, _ values: [T])
    mutating func field(_ key: String, _ value: JSONValue)
}

/// The fields an object writes, as values.
public struct JSONFieldList: JSONFieldWriter {
    public private(set) var fields: [(String, JSONValue)] = []

    public init() {}

    public mutating func field(_ key: StaticString, _ value: String?) { fields.append((key.description, .optional(value))) }
    public mutating func field(_ key: StaticString, _ value: Int) { fields.append((key.description, .int(value))) }
    public mutating func field(_ key: StaticString, _ values: [String]) { fields.append((key.description, .array(values.map(JSONValue.string)))) }
    public mutating func field<T: JSONObject>(_ key: StaticString, _ value: T) { fields.append((key.description, value.json)) }
    public mutating func field<T: JSONObject>(_ key: StaticString, _ values: [T]) { fields.append((key.description, .array(values.map(\.json)))) }
    public mutating func field(_ key: String, _ value: JSONValue) { fields.append((key, value)) }
}

/// A type whose JSON is an object of the fields it writes (in key order, each once): its
/// `Encodable` conformance comes from them, and `Render.json` writes them straight to text.
public protocol JSONObject: StableJSON {
    func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer)
}

extension JSONObject {
    public var jsonFields: [(String, JSONValue)] {
        var list = JSONFieldList()
        writeFields(to: &list)
        return list.fields
    }

    public var json: JSONValue { .object(jsonFields) }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
