import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
    /// The Call Bridge answers in UTF-8; a document that is not (at the byte named) is refused
    /// before Foundation's parser sees it, which crashes on an element name that is not UTF-8
    /// (found by fuzzing: Fuzz/corpus/fuzz-xml/element-name-not-utf8).
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
        // Nor does it send processing instructions but the XML declaration; Foundation's parser
        // crashes on one without data (`<?x?>`; found by fuzzing: Fuzz/corpus/fuzz-xml/pi-without-data).
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
        let delegate = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = delegate.root else {
            let reason = delegate.failure ?? parser.parserError?.localizedDescription ?? "no root element"
            throw XMLTreeError(message: "\(reason) (line \(parser.lineNumber), column \(parser.columnNumber))")
        }
        return root
    }
}

/// A document that is not well-formed XML.
public struct XMLTreeError: Error, Equatable {
    public let message: String
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTree] = []
    var root: XMLTree?
    var failure: String?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        stack.append(XMLTree(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard var element = stack.popLast() else { return }
        if !element.children.isEmpty && element.text.allSatisfy(\.isWhitespace) { element.text = "" }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failure = failure ?? "malformed XML: \(parseError.localizedDescription)"
    }
}
