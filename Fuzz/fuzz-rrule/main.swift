// A repeat rule (RRULE text) read, then expanded from a first start and part-way.
import FuzzDriver
import Foundation
@testable import SchedulerKit

let zone = TimeZone(identifier: "Europe/Berlin")!
runFuzzer { data in
    guard let rule = try? Recurrence.parse(String(decoding: data, as: UTF8.self), zone: zone) else { return }
    let first = LocalDateTime(year: 2026, month: 12, day: 7, hour: 9, minute: 0, second: 0)
    _ = rule.starts(from: first, zone: zone, through: nil, limit: 50)
    _ = rule.starts(from: first, zone: zone, notBefore: Date(timeIntervalSince1970: 1_900_000_000), through: nil, limit: 5)
}
