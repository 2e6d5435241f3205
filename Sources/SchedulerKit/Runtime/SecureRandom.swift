import Foundation

/// Random values from the system's CSPRNG, drawn eight bytes at a time. `SystemRandomNumberGenerator`
/// makes one system call per draw (a 16-byte secret drawn byte by byte was 16 of them), and
/// Foundation's `UUID()` on Linux opens, reads and closes /dev/urandom for each UUID: together
/// about 55 system calls per scheduled meeting (17 now).
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// A time-ordered (version 7) UUID in lower case, as cmsched makes its ids (RFC 9562 §5.7):
    /// the first 48 bits are `time` in Unix milliseconds, 74 of the other 80 are random. Every
    /// index keyed by an id (a meeting's, its space's, their roles', attendees' and notices') then
    /// takes new rows at its end, on a page already in SQLite's cache. With random ids each insert
    /// had a page of its own in each: 1,000 bulk rows into a store of 9,000 read about 34,700
    /// pages, and now about 9,000 (bench/RESULTS.md). Ids made in the same millisecond share their
    /// first 12 characters.
    public static func timeOrderedUUID(at time: Date = Date()) -> String {
        var bytes = bytes(16)
        var milliseconds = UInt64(max(0, (time.timeIntervalSince1970 * 1000).rounded(.down)))
        for index in (0..<6).reversed() {
            bytes[index] = UInt8(truncatingIfNeeded: milliseconds)
            milliseconds >>= 8
        }
        bytes[6] = bytes[6] & 0x0F | 0x70
        bytes[8] = bytes[8] & 0x3F | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `count` characters each drawn uniformly from `alphabet` (at most 256 of them): bytes that
    /// would favour the first characters are drawn again.
    public static func string(_ count: Int, from alphabet: [Character]) -> String {
        precondition((1...256).contains(alphabet.count))
        let limit = 256 / alphabet.count * alphabet.count
        var text = ""
        while text.count < count {
            for byte in bytes(count) where Int(byte) < limit && text.count < count {
                text.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return text
    }
}
