// An HTTPS or C2W request body read into a typed request and checked as a meeting.
import FuzzDriver
import Foundation
@testable import SchedulerKit
@testable import SchedulerServer

runFuzzer { data in
    _ = try? MeetingBody.decode(ListRequest.self, from: data)
    guard let request = try? MeetingBody.decode(MeetingRequest.self, from: data),
          let fields = try? MeetingBody.fields(request, partial: false)
    else { return }
    _ = try? fields.draft(defaultZone: .gmt)
}
