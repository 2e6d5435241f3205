import Foundation
import Testing

@testable import SchedulerKit

@Suite("times as people write them")
struct HumanTimeTests {
    let utc = TimeZone(identifier: "UTC")!

    func resolved(_ text: String, now: String, zone: String = "UTC") -> String? {
        HumanTime.resolve(text, zone: TimeZone(identifier: zone)!, now: RFC3339.parse(now)!).map { $0.local.description }
    }

    @Test func aWeekdayIsTheNextOneAfterTodayFromEveryDayOfTheWeek() {
        // 2026-12-07 is a Monday; each day of that week asks for every weekday.
        for offset in 0..<7 {
            let now = Date(timeIntervalSince1970: RFC3339.parse("2026-12-07T12:00:00Z")!.timeIntervalSince1970 + Double(offset) * 86_400)
            for (index, name) in ["monday", "tue", "wednesday", "thu", "friday", "sat", "sunday"].enumerated() {
                let result = HumanTime.resolve("\(name) 8:00", zone: utc, now: now)!.local
                let days = (result.instant(in: utc).timeIntervalSince(now) + 4 * 3_600) / 86_400
                #expect(days >= 1 && days <= 7, "\(name) from day \(offset)")
                #expect((LocalDateTime.daysFromCivil(result.year, result.month, result.day) % 7 + 7 + 3) % 7 == index)
            }
        }
    }

    @Test func dayWordsAndTimesCombine() {
        let now = "2026-12-31T23:30:00Z"
        #expect(resolved("tomorrow 0:15", now: now) == "2027-01-01T00:15:00")
        #expect(resolved("2027-02-28 11:59pm", now: now) == "2027-02-28T23:59:00")
        #expect(resolved("TODAY 12:00:30", now: now) == "2026-12-31T12:00:30")
        #expect(resolved("  now ", now: now) == "2026-12-31T23:30:00")
        #expect(resolved("+45m", now: now) == "2027-01-01T00:15:00")
        #expect(resolved("tomorrow", now: now) == "2027-01-01T00:00:00")
        #expect(HumanTime.resolve("tomorrow", zone: utc, now: Date())?.dateOnly == true)
        #expect(HumanTime.resolve("now", zone: utc, now: Date())?.isNow == true)
    }

    @Test(arguments: ["", "soon", "0am", "13am", "24:00", "9:5", "9:", ":30", "+", "+-5m", "+5", "tomorrow 25:00",
                      "mo 9:00", "today tomorrow", "today 9:00 am", "2026-13-01 10:00", "9.30", "+1:30", "１０am"])
    func otherTextIsNotATime(_ text: String) {
        #expect(HumanTime.resolve(text, zone: utc, now: Date()) == nil, "\(text)")
    }
}

/// The settings' URLs are read without libcurl; what is accepted must mean the same to libcurl.
@Suite("plain URLs of settings")
struct PlainURLTests {
    @Test(arguments: [
        "https://cms.example.com", "https://cms.example.com:445/", "http://127.0.0.1:9", "https://[::1]:8443",
        "https://CMS.Example.COM/", "https://join.s.com/web/app", "https://10.0.0.5:445",
        // Percent-escapes in a path and punycode hosts are plain text to both parsers.
        "https://b.com/%0d%0aX", "https://xn--bcher-kva.example/",
        // Names whose labels begin with digits, or look like hex without being numbers, stay names.
        "https://0x.example", "https://1a.2b", "https://0xg.1", "https://3com.com",
    ])
    func whatIsAcceptedMeansTheSameToLibcurl(_ text: String) throws {
        let plain = try #require(PlainURL(text))
        let curl = try #require(CurlURL(text))
        #expect(plain.scheme == curl.scheme)
        #expect(plain.host == curl.host.lowercased())
        #expect(plain.path == curl.path)
        #expect(curl.user == nil && curl.query == nil)
    }

    @Test(arguments: [
        "cms.example.com", "https://", "https://:445", "https://a@b.com", "https://b.com?x=1", "https://b.com#f",
        "https://b.com:0", "https://b.com:99999", "https://b.com:44a", "https://b .com", "https://b.com/é",
        "https://[::1", "https://[zz]:1", "https://-b.com", "https://b..com", "https://b.com\\@evil.com", "ht tp://b.com",
        // What libcurl would rewrite (found by fuzz-times): numeric IPv4 forms, IPv6 not as it writes it, dot segments.
        "http://127.1", "http://0177.0.0.1", "http://2130706433", "http://[::0]:8443", "http://[0:0:0:0:0:0:0:1]",
        "https://b.com/a/../b", "https://b.com/./", "tp://[::1]:8443", "ftp://b.com",
        // Hex parts (found by fuzz-times): libcurl reads `0xa` as 0.0.0.10.
        "https://0xa", "https://0XA:445", "http://0x7f.0.0.1", "http://127.0.0.0x1", "http://0x7f.1", "http://10.0.0.08", "http://10.0.0.5.",
    ])
    func otherShapesAreRefused(_ text: String) {
        #expect(PlainURL(text) == nil, "\(text)")
    }
}
