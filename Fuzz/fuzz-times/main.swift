// Times as people write them and the settings' URLs, from CSV columns, JSON fields, flags and
// configuration files: neither parser may crash, a time read must name a valid wall-clock time,
// and a URL the plain parser accepts must mean the same to libcurl (which reads it where it is used).
import FuzzDriver
import Foundation
@testable import SchedulerKit

let zones = ["Europe/Berlin", "Pacific/Kiritimati", "Pacific/Niue", "UTC"].map { TimeZone(identifier: $0)! }
let now = Date(timeIntervalSince1970: 1_774_692_000)  // 2026-03-28T10:00:00Z, the day before a DST change
runFuzzer { data in
    let text = String(decoding: data, as: UTF8.self)
    for zone in zones {
        guard let time = HumanTime.resolve(text, zone: zone, now: now) else { continue }
        precondition(time.local.isValid, "\(text.debugDescription) read as \(time.local)")
        _ = time.local.instant(in: zone)
    }
    if let plain = PlainURL(text) {
        guard let curl = CurlURL(text) else { preconditionFailure("\(text.debugDescription): accepted, but not by libcurl") }
        precondition(
            plain.scheme == curl.scheme && plain.host == curl.host.lowercased() && plain.path == curl.path
                && curl.user == nil && curl.query == nil,
            "\(text.debugDescription): plain \(plain), libcurl \(curl)")
    }
}
