// A Call Bridge reply (XML) parsed and decoded as the objects cmsched reads.
import FuzzDriver
import Foundation
@testable import SchedulerKit

runFuzzer { data in
    guard let tree = try? XMLTree.parse(data) else { return }
    _ = try? CollectionPage<CoSpace>(xml: tree)
    _ = try? CollectionPage<WebBridge>(xml: tree)
    _ = try? CoSpace(id: "fuzz", xml: tree)
    _ = FailureReason(xml: tree)
}
