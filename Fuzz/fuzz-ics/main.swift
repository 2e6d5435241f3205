// An iCalendar file read for `meeting import`.
import FuzzDriver
import Foundation
@testable import SchedulerKit

runFuzzer { data in
    _ = try? ICalendarReader.importable(String(decoding: data, as: UTF8.self), defaultZone: "Europe/Berlin")
}
