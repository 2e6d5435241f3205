import Foundation
import Testing

@testable import SchedulerKit

@Suite("random ids, secrets and suffixes")
struct SecureRandomTests {
    @Test func uuidsAreVersionSevenInLowerCaseDistinctAndInTheOrderOfTheirTimes() {
        let start = Date(timeIntervalSince1970: 1_796_000_000.123_9)
        let ids = (0..<2_000).map { SecureRandom.timeOrderedUUID(at: start.addingTimeInterval(Double($0 / 4) * 0.001)) }
        #expect(Set(ids).count == ids.count)
        for (index, id) in ids.enumerated() {
            #expect(id.count == 36 && id == id.lowercased(), "\(id)")
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id, "\(id)")
            let characters = Array(id)
            #expect(characters[14] == "7" && "89ab".contains(characters[19]), "\(id)")
            // The first 48 bits are the Unix time in milliseconds (rounded down).
            let milliseconds = UInt64(String(characters[0..<8] + characters[9..<13]), radix: 16)
            #expect(milliseconds == 1_796_000_000_123 + UInt64(index / 4), "\(id)")
        }
        // Ids of later milliseconds sort after earlier ones; within one millisecond, the rest is random.
        for (earlier, later) in zip(ids, ids.dropFirst(4)) { #expect(earlier < later) }
        let oneMillisecond = (0..<200).map { _ in SecureRandom.timeOrderedUUID(at: start) }
        #expect(Set(oneMillisecond.map { $0.dropFirst(14) }).count == 200)
        #expect(Set(oneMillisecond.map { $0.prefix(13) }).count == 1)
    }

    @Test func bytesComeInTheCountAskedAndSpreadOverEveryValue() {
        for count in 0...33 { #expect(SecureRandom.bytes(count).count == count) }
        var seen = [Int](repeating: 0, count: 256)
        for byte in SecureRandom.bytes(256 * 200) { seen[Int(byte)] += 1 }
        // 200 expected per value; a fair source falls outside 100...300 with negligible odds.
        #expect(seen.allSatisfy { (100...300).contains($0) }, "\(seen)")
    }

    @Test func stringsDrawEveryCharacterOfTheirAlphabetEvenly() {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var seen: [Character: Int] = [:]
        for _ in 0..<60_000 {
            let text = SecureRandom.string(6, from: alphabet)
            #expect(text.count == 6 && text.allSatisfy(alphabet.contains), "\(text)")
            for character in text { seen[character, default: 0] += 1 }
        }
        // 10,000 expected per character (the spread is about 100). 36 does not divide 256, so a
        // plain modulo would give the first four characters 8/7 of the others' share: 11,250.
        #expect(seen.count == 36 && seen.values.allSatisfy { (9_500...10_500).contains($0) }, "\(seen)")
        #expect(SecureRandom.string(0, from: alphabet).isEmpty)
        #expect(SecureRandom.string(5, from: ["x"]) == "xxxxx")
    }

    @Test func secretsAreTwentyTwoURLSafeCharacters() {
        let secrets = (0..<500).map { _ in SpaceNaming.secret() }
        #expect(Set(secrets).count == secrets.count)
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(secrets.allSatisfy { $0.count == 22 && $0.allSatisfy(urlSafe.contains) })
    }
}
