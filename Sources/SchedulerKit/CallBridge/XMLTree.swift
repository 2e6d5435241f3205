import CLibXML2
import Foundation

/// A parsed XML element: name, attributes, text and child elements. Enough for the CMS API.
public struct XMLTree: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLTree]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child element with this name.
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// The trimmed text of a child element, nil when the element is absent.
    /// Quoted values (`"true"`, seen in Cisco's published examples) are unquoted.
    public func value(_ name: String) -> String? {
        guard let element = child(name) else { return nil }
        var text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }

    /// A child's value as a boolean (`true`/`false`), nil when absent or not a boolean.
    public func bool(_ name: String) -> Bool? {
        switch value(name) {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// A child's value as an integer, nil when absent or not a number.
    public func int(_ name: String) -> Int? {
        value(name).flatMap { Int($0) }
    }

    /// Parses a whole document, one line or indented; throws a description of the first error.
    /// Read by libxml2's reader (`LibXML2Reader`), as Foundation's XMLParser read it, without
    /// that wrapper: fuzzing found it crashing on an element name that is not UTF-8 and on a
    /// processing instruction without data (Fuzz/corpus/fuzz-xml). What a reply never holds is
    /// refused first all the same: bytes that are not UTF-8 (at the byte named), a processing
    /// instruction but the XML declaration, a document type.
    public static func parse(_ data: Data) throws -> XMLTree {
        if String(validating: data, as: UTF8.self) == nil {
            var decoder = Unicode.UTF8()
            var bytes = data.makeIterator()
            var offset = 0
            decoding: while true {
                switch decoder.decode(&bytes) {
                case .scalarValue(let scalar): offset += UTF8.width(scalar)
                case .emptyInput, .error: break decoding
                }
            }
            throw XMLTreeError(message: "the document is not UTF-8 (at byte \(offset + 1))")
        }
        // Nor does it send processing instructions but the XML declaration.
        let lead = data.prefix { [0xEF, 0xBB, 0xBF, 0x20, 0x09, 0x0A, 0x0D].contains($0) }.count
        var search = data.startIndex
        while let found = data[search...].firstRange(of: [UInt8(ascii: "<"), UInt8(ascii: "?")]) {
            let declaration = data[found.upperBound...].prefix(4).map { $0 | 0x20 }
            guard found.lowerBound - data.startIndex == lead, declaration.starts(with: Array("xml".utf8)),
                  declaration.count == 4, [0x20, 0x29, 0x2A, 0x2D].contains(declaration[3])
            else {
                throw XMLTreeError(message: "a processing instruction at byte \(found.lowerBound - data.startIndex + 1) (only the XML declaration may come)")
            }
            search = found.upperBound
        }
        // Nor a document type: no entity may be declared (nor expanded) in a reply.
        if let doctype = data.firstRange(of: Array("<!DOCTYPE".utf8)) {
            throw XMLTreeError(message: "a document type declaration at byte \(doctype.lowerBound - data.startIndex + 1) (a reply has none)")
        }
        return try LibXML2Reader.tree(data)
    }
}

/// A document that is not well-formed XML.
public struct XMLTreeError: Error, Equatable {
    public let message: String
}
