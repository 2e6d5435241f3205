import CLibXML2
import Foundation

/// An XML document read into an `XMLTree` by libxml2's reader (`xmlTextReader`), the parser
/// Foundation's XMLParser wraps, called directly: no network, no entity substitution (a reply's
/// document type is refused before), libxml2's own limits on depth and sizes, and its errors
/// taken per reader rather than printed.
enum LibXML2Reader {
    /// The tree of `data`, or the first error with its line and column.
    static func tree(_ data: Data) throws -> XMLTree {
        _ = initialized
        guard data.count < Int(Int32.max) else { throw XMLTreeError(message: "the document is larger than 2 GiB") }
        let errors = Errors()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue)
        let made = data.withUnsafeBytes { bytes in
            xmlReaderForMemory(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8", options)
        }
        guard let reader = made else { throw XMLTreeError(message: "malformed XML: the document cannot be read") }
        defer { xmlFreeTextReader(reader) }
        let box = Unmanaged.passUnretained(errors)
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            Unmanaged<Errors>.fromOpaque(context).takeUnretainedValue().note(error.pointee)
        }, box.toOpaque())
        return try withExtendedLifetime(errors) {
            var stack: [XMLTree] = []
            var root: XMLTree?
            func failure(_ fallback: String) -> XMLTreeError {
                let line = xmlTextReaderGetParserLineNumber(reader), column = xmlTextReaderGetParserColumnNumber(reader)
                return XMLTreeError(message: "malformed XML: \(errors.first ?? fallback) (line \(errors.line ?? Int(line)), column \(errors.column ?? Int(column)))")
            }
            func close() {
                guard var element = stack.popLast() else { return }
                if !element.children.isEmpty && element.text.allSatisfy(\.isWhitespace) { element.text = "" }
                if stack.isEmpty { root = root ?? element } else { stack[stack.count - 1].children.append(element) }
            }
            while true {
                let step = xmlTextReaderRead(reader)
                guard step == 1 else {
                    if step < 0 || errors.first != nil { throw failure("the document ends too early") }
                    break
                }
                switch UInt32(xmlTextReaderNodeType(reader)) {
                case XML_READER_TYPE_ELEMENT.rawValue:
                    var element = XMLTree(name: text(xmlTextReaderConstName(reader)))
                    // Names as written, prefixes and namespace declarations included (as XMLParser
                    // gave them without namespace processing).
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        element.attributes[text(xmlTextReaderConstName(reader))] = text(xmlTextReaderConstValue(reader))
                    }
                    _ = xmlTextReaderMoveToElement(reader)
                    let empty = xmlTextReaderIsEmptyElement(reader) == 1
                    stack.append(element)
                    if empty { close() }
                case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
                    XML_READER_TYPE_WHITESPACE.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue:
                    if !stack.isEmpty { stack[stack.count - 1].text += text(xmlTextReaderConstValue(reader)) }
                case XML_READER_TYPE_END_ELEMENT.rawValue:
                    close()
                default:
                    break  // comments, the declaration
                }
            }
            guard let root else { throw failure("no root element") }
            return root
        }
    }

    /// libxml2 set up for threads once per process, before its first use.
    private static let initialized: Void = xmlInitParser()

    /// A string libxml2 holds (UTF-8); empty for none.
    private static func text(_ bytes: UnsafePointer<xmlChar>?) -> String {
        guard let bytes else { return "" }
        return String(cString: bytes)
    }

    /// The first error libxml2 reported for one document.
    private final class Errors {
        var first: String?
        var line: Int?
        var column: Int?

        func note(_ error: xmlError) {
            guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            // libxml2's words can quote the document (a name it stopped at): kept short, on one line.
            let message = error.message.map { String(cString: $0) } ?? "error \(error.code)"
            let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
            first = TextRules.escapingControls(trimmed.count > 200 ? trimmed.prefix(200) + "…" : trimmed)
            line = Int(error.line)
            column = Int(error.int2)
        }
    }
}
