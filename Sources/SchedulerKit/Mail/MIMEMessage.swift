import Foundation

/// An email built to RFC 5322 / 2045-2047: headers (non-ASCII as encoded words), CRLF line ends,
/// base64 bodies in 76-character lines, nested multipart parts.
public struct MIMEPart: Sendable {
    public var contentType: String
    public var headers: [(String, String)]
    public var body: Body

    public enum Body: Sendable {
        case text(String)
        case parts([MIMEPart])
    }

    public init(contentType: String, headers: [(String, String)] = [], body: Body) {
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// The part as lines joined with CRLF; `boundarySeed` makes boundaries stable for a message.
    public func rendered(boundarySeed: String) -> String {
        var lines = headers.map { "\($0.0): \($0.1)" }
        switch body {
        case .text(let text):
            lines.append("Content-Type: \(contentType)")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(Self.crlfLines(text).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))
        case .parts(let parts):
            let boundary = "=_cmsched_\(String(FNV1a.hash(Data((boundarySeed + contentType).utf8)), radix: 36))"
            lines.append("Content-Type: \(contentType); boundary=\"\(boundary)\"")
            lines.append("")
            for (index, part) in parts.enumerated() {
                lines.append("--\(boundary)")
                lines.append(part.rendered(boundarySeed: boundarySeed + "/\(index)"))
            }
            lines.append("--\(boundary)--")
        }
        return lines.joined(separator: "\r\n")
    }

    /// The text's UTF-8 with every line ending in CRLF (a bare LF gains its CR), in one pass over
    /// the bytes (Foundation's replacingOccurrences was a sixth of a send's CPU).
    static func crlfLines(_ text: String) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous != 0x0D { bytes.append(0x0D) }
            bytes.append(byte)
            previous = byte
        }
        return Data(bytes)
    }
}

/// Header values as RFC 2047 encoded words when they are not plain ASCII.
public enum HeaderEncoding {
    /// A header value: printable ASCII folded at spaces into lines of at most 78 characters;
    /// anything else (non-ASCII, control characters, a word too long to fold) as `=?UTF-8?B?…?=`
    /// encoded words, one per folded line.
    public static func encode(_ text: String) -> String {
        let printable = !text.unicodeScalars.contains { !$0.isASCII || $0.value < 32 || $0.value == 127 }
        if printable && text.split(separator: " ").allSatisfy({ $0.count <= 66 }) { return fold(text) }
        // Encoded words are at most 75 characters: split on character boundaries, 45 UTF-8 bytes each.
        var words: [String] = []
        var chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Folds ASCII text at spaces: no line longer than 78 characters with a 10-character header name.
    static func fold(_ text: String) -> String {
        var lines: [String] = []
        var line = ""
        var room = 66
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > room {
                lines.append(line)
                line = ""
                room = 76
            }
            line += (line.isEmpty && lines.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// `"Name" <address>` with the name encoded when needed.
    public static func mailbox(name: String?, address: String) -> String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        let encoded = encode(name)
        let display = encoded == name ? "\"\(name.replacingOccurrences(of: "\"", with: ""))\"" : encoded
        return "\(display) <\(address)>"
    }

    /// An RFC 5322 date, e.g. `Wed, 25 Nov 2026 18:23:14 +0000`.
    public static func date(_ date: Date) -> String {
        DateFormatters.shared.string(
            from: date, pattern: "EEE, dd MMM yyyy HH:mm:ss Z", zone: TimeZone(identifier: "UTC")!, locale: "en_US_POSIX")
    }
}
