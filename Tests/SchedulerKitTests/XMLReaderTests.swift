import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import SchedulerKit

/// The Call Bridge's replies read by libxml2's reader (`XMLTree.parse`) give the tree Foundation's
/// XMLParser gave, on Cisco's samples and on documents made to differ; what is not XML is refused
/// with where, and never crashes.
@Suite("XML replies read by libxml2")
struct XMLReaderTests {
    /// The tree Foundation's XMLParser builds (what `XMLTree.parse` used before), nil when it refuses.
    static func foundationTree(_ data: Data) -> XMLTree? {
        final class Builder: NSObject, XMLParserDelegate {
            var stack: [XMLTree] = []
            var root: XMLTree?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                stack.append(XMLTree(name: name, attributes: attributes))
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if !stack.isEmpty { stack[stack.count - 1].text += string }
            }
            func parser(_ parser: XMLParser, foundCDATA block: Data) {
                if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: block, as: UTF8.self) }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                guard var element = stack.popLast() else { return }
                if !element.children.isEmpty && element.text.allSatisfy(\.isWhitespace) { element.text = "" }
                if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
            }
        }
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        return parser.parse() ? builder.root : nil
    }

    static let documents = [
        #"<coSpaces total="2"><coSpace id="a"><name>Weekly &amp; more</name></coSpace><coSpace id="b"/></coSpaces>"#,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<coSpace id=\"x\">\n  <name>  spaced  </name>\n  <uri>u</uri>\n</coSpace>\n",
        #"<a x="1 &lt; 2" y='single &quot;quoted&quot;'><b>&#x263A; &#9731;</b><!-- a comment --><c><![CDATA[<raw> & text]]></c></a>"#,
        "<failureDetails><coSpaceDoesNotExist parameter=\"id\" /></failureDetails>",
        "<a>text <b>inner</b> tail</a>",
        "<a>\t\r\n<b/>\n</a>",
        "\u{FEFF}<a>ünïcödé ✓ 𝄞</a>",
        #"<x:a xmlns:x="urn:x" x:b="1"><x:c/></x:a>"#,
    ]

    @Test func readsAsFoundationsParserDid() throws {
        let samples = SampleDecodingTests.samples
        let files = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter { $0.hasSuffix(".xml") }
        #expect(files.count == 19)
        for data in try files.map({ try Data(contentsOf: samples.appendingPathComponent($0)) }) + Self.documents.map({ Data($0.utf8) }) {
            let ours = try XMLTree.parse(data)
            #expect(ours == Self.foundationTree(data), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    /// Not XML, each with the line its error is on. Foundation's parser refused these too, but
    /// for a second root or text after the root, which it let pass and libxml2's reader does not.
    @Test(arguments: [
        ("<coSpaces total=\"1\"><coSpace", "line 1"),
        ("<a><b></a>", "line 1"),
        ("<a>\n\n<b x=\"1></b></a>", "line 3"),
        ("<a>&undefined;</a>", "line 1"),
        ("", "line 1"),
        ("   ", "line 1"),
        ("<a/><b/>", "line 1"),
        ("<a></a>\ntrailing", "line 2"),
    ])
    func notXMLIsRefusedSayingWhere(_ text: String, _ said: String) {
        if !text.contains("<b/>") && !text.contains("trailing") {
            #expect(Self.foundationTree(Data(text.utf8)) == nil, "Foundation's parser refused it too")
        }
        do {
            let tree = try XMLTree.parse(Data(text.utf8))
            Issue.record("\(text.debugDescription) read as \(tree)")
        } catch let error as XMLTreeError {
            #expect(error.message.hasPrefix("malformed XML: ") && error.message.contains(said), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aDocumentNestedBeyondLibxml2sDepthIsRefusedNotOverflowed() {
        let depth = 100_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        #expect(throws: XMLTreeError.self) { try XMLTree.parse(Data(text.utf8)) }
        // A reply as deep as a real one reads.
        let shallow = String(repeating: "<a>", count: 50) + "x" + String(repeating: "</a>", count: 50)
        #expect(throws: Never.self) { try XMLTree.parse(Data(shallow.utf8)) }
    }

    @Test func documentsAreReadAtOnceOnManyThreads() async throws {
        let data = Data(Self.documents[2].utf8)
        let expected = try XMLTree.parse(data)
        let trees = await withTaskGroup(of: XMLTree?.self) { group in
            for _ in 0..<64 { group.addTask { try? XMLTree.parse(data) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(trees.count == 64 && trees.allSatisfy { $0 == expected })
    }
}
