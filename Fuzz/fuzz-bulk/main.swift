// A bulk input (CSV or JSON lines) read row by row, each row checked as a meeting.
import FuzzDriver
import Foundation
@testable import SchedulerKit

runFuzzer { data in
    guard let rows = try? BulkInput.rows(data, source: "fuzz", defaults: MeetingFields()) else { return }
    for row in rows {
        if case .success(let fields) = row.fields { _ = try? fields.draft(defaultZone: .gmt) }
    }
}
