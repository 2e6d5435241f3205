import Foundation

/// The simulator's own XML element and writer (one line, no indentation, as real Call Bridges
/// send it). Deliberately not the client's code: a test double sharing the client's serializer
/// could hide the client's bugs.
struct SimXML: Sendable, Equatable {
    var name: String
    var attributes: [String: String] = [:]
    var children: [SimXML] = []
    var text: String = ""

    /// The element, without prolog.
    var serialized: String {
        var out = "<" + name
        for key in attributes.keys.sorted() {
            out += " \(key)=\"\(Self.escape(attributes[key]!))\""
        }
        if children.isEmpty && text.isEmpty { return out + "/>" }
        out += ">" + Self.escape(text) + children.map(\.serialized).joined() + "</\(name)>"
        return out
    }

    /// The whole document: `<?xml version="1.0"?>` and the element.
    var document: String { "<?xml version=\"1.0\"?>" + serialized }

    /// Escapes scalar by scalar (a combining mark after `&` must not hide it).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// `application/x-www-form-urlencoded` bodies and query strings, decoded in order.
enum SimForm {
    static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescape(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (unescape(pieces[0]), pieces.count > 1 ? unescape(pieces[1]) : "")
        }
    }
}
