import Foundation

/// A JSON value, for the types lists print by the thousand: each lists its fields once
/// (`JSONObject.jsonFields`), and that one list serves both their `Encodable` conformance and
/// `JSONValue.pretty`, which writes exactly what `Render.json`'s JSONEncoder writes (pretty, keys
/// sorted, slashes unescaped) without the cost of Codable's containers.
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

    /// The value as `Render.json` prints it: two-space indents, `"key" : value`, keys sorted, an
    /// empty array or object with a blank line inside; `indent` is the depth it starts at.
    public func pretty(into out: inout String, indent: Int = 0) {
        switch self {
        case .null: out += "null"
        case .int(let number): out += String(number)
        case .string(let text): Self.quote(text, into: &out)
        case .array(let values):
            Self.container("[", "]", values.count, indent: indent, into: &out) { index, out in
                values[index].pretty(into: &out, indent: indent + 1)
            }
        case .object(let fields):
            // The views list their fields in key order already: checking is cheaper than sorting.
            let inOrder = zip(fields, fields.dropFirst()).allSatisfy { $0.0 < $1.0 }
            let sorted = inOrder ? fields : fields.sorted { $0.0 < $1.0 }
            Self.container("{", "}", sorted.count, indent: indent, into: &out) { index, out in
                Self.quote(sorted[index].0, into: &out)
                out += " : "
                sorted[index].1.pretty(into: &out, indent: indent + 1)
            }
        }
    }

    /// An array of `values` as `pretty` writes one, handed to `write` in pieces of about
    /// `piece` bytes as the elements are made: a list of any length is never held whole.
    public static func prettyArray<C: Collection>(
        _ values: C, piece: Int = 1 << 16, write: (String) throws -> Void
    ) rethrows where C.Element == JSONValue {
        var array = JSONArrayText()
        var text = ""
        for value in values {
            array.append(value, to: &text)
            if text.utf8.count >= piece {
                try write(text)
                text = ""
            }
        }
        try write(text + array.end)
    }

    private static func container(
        _ open: String, _ close: String, _ count: Int, indent: Int, into out: inout String, element: (Int, inout String) -> Void
    ) {
        let inner = indentation(indent + 1)
        out += open
        out += "\n"
        for index in 0..<count {
            if index > 0 { out += ",\n" }
            out += inner
            element(index, &out)
        }
        out += "\n"
        out += indentation(indent)
        out += close
    }

    /// Two spaces per level; the first levels made once.
    private static let indents = (0..<8).map { String(repeating: "  ", count: $0) }

    private static func indentation(_ level: Int) -> String {
        level < indents.count ? indents[level] : String(repeating: "  ", count: level)
    }

    /// A JSON string: quote, backslash and control characters escaped as JSONEncoder escapes them.
    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// A top-level array written element by element as they come, laid out as `JSONValue.pretty`
/// lays one out: for output that streams (lists, bulk reports).
public struct JSONArrayText {
    private var count = 0

    public init() {}

    /// Appends the next element, with the text that opens the array or separates it from the last.
    public mutating func append(_ value: JSONValue, to out: inout String) {
        out += count == 0 ? "[\n  " : ",\n  "
        value.pretty(into: &out, indent: 1)
        count += 1
    }

    /// What closes the array (an empty one, whole).
    public var end: String { count == 0 ? "[\n\n]" : "\n]" }
}

/// A type whose JSON is an object of the fields it lists: its `Encodable` conformance comes
/// from that list, and `Render.json` writes it without Codable.
public protocol JSONObject: StableJSON {
    var jsonFields: [(String, JSONValue)] { get }
}

extension JSONObject {
    public var json: JSONValue { .object(jsonFields) }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
