import Foundation

/// Email addresses as RFC 5321 mailboxes: what may reach SMTP (`MAIL FROM`, `RCPT TO`), a MIME
/// header or an iCalendar `mailto:`. A dot-atom local part of at most 64 octets, an `@`, and a
/// domain of two or more LDH labels; internationalized domains only in their `xn--` form, which
/// must decode. No quoted local parts, address literals, spaces or control characters.
public enum EmailAddress {
    /// True when `text` is such an address.
    public static func isValid(_ text: String) -> Bool { problem(text) == nil }

    /// Why `text` is not a valid address, or nil when it is.
    public static func problem(_ text: String) -> String? {
        guard text.utf8.count <= 254 else { return "longer than 254 characters" }
        guard let at = text.lastIndex(of: "@") else { return "no @" }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64 else { return "the part before @ must be 1 to 64 characters" }
        guard local.unicodeScalars.allSatisfy({ $0 == "." || isAtext($0) }) else {
            return "the part before @ may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~"
        }
        guard isDotAtom(local) else { return "the part before @ has an empty dot-separated part" }
        return domainProblem(domain)
    }

    private static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    private static func isDotAtom(_ text: Substring) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isAtext(_:)) }
    }

    /// What an internationalized label may hold: letters, marks, digits and hyphens (no controls,
    /// spaces or symbols).
    private static func isLabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return scalar == "-"
        }
    }

    private static func domainProblem(_ domain: Substring) -> String? {
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return "the domain must be 1 to 253 characters" }
        guard domain.unicodeScalars.allSatisfy(\.isASCII) else {
            return "an internationalized domain must be given in its xn-- (punycode) form"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "the domain needs a dot (example.com)" }
        for label in labels {
            guard (1...63).contains(label.count) else { return "the domain has an empty or over-long label" }
            guard label.unicodeScalars.allSatisfy({ $0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }),
                !label.hasPrefix("-"), !label.hasSuffix("-")
            else { return "domain label '\(label)' may hold only letters, digits and inner hyphens" }
            if label.lowercased().hasPrefix("xn--") {
                guard let decoded = Punycode.decode(String(label.dropFirst(4))), decoded.contains(where: { !$0.isASCII }),
                    decoded.allSatisfy(isLabelScalar)
                else {
                    return "domain label '\(label)' is not valid punycode"
                }
            } else if label.count >= 4, Array(label)[2...3] == ["-", "-"] {
                return "domain label '\(label)' uses the reserved form ??--"
            }
        }
        return nil
    }
}

/// RFC 3492 punycode decoding, to check `xn--` labels.
enum Punycode {
    /// The Unicode scalars a punycode string (without `xn--`) stands for, or nil when it is malformed.
    static func decode(_ input: String) -> [Unicode.Scalar]? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        var output: [Unicode.Scalar] = []
        var rest = Substring(input)
        if let delimiter = input.lastIndex(of: "-") {
            output = input[..<delimiter].unicodeScalars.map { $0 }
            guard output.allSatisfy(\.isASCII) else { return nil }
            rest = input[input.index(after: delimiter)...]
        }
        guard !rest.isEmpty else { return nil }
        func digit(_ c: Character) -> Int? {
            guard let v = c.asciiValue else { return nil }
            switch v {
            case 48...57: return Int(v) - 22
            case 65...90: return Int(v) - 65
            case 97...122: return Int(v) - 97
            default: return nil
            }
        }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        var n = 128, i = 0, bias = 72
        var characters = rest.makeIterator()
        var pending = characters.next()
        while pending != nil {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard let c = pending, let d = digit(c) else { return nil }
                pending = characters.next()
                guard d <= (Int(Int32.max) - i) / w else { return nil }
                i += d * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if d < t { break }
                guard w <= Int(Int32.max) / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, let scalar = Unicode.Scalar(n), n >= 128 else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }
}
