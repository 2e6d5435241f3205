// A C2W frame from a Web Bridge decoded.
import FuzzDriver
import Foundation
@testable import SchedulerServer

runFuzzer { data in
    _ = C2WFrame.decode(data)
}
