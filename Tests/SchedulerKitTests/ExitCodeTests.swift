import Foundation
import Testing

@testable import SchedulerKit

@Suite("exit codes")
struct ExitCodeTests {
    @Test func everyExitCodeIsDocumented() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/exit-codes.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for status in SchedulerKit.ExitStatus.allCases {
            #expect(text.contains("\n| \(status.rawValue) |"), "exit code \(status.rawValue) is not in docs/exit-codes.md")
        }
    }

    @Test func codesMatchTheDesignContract() {
        let expected: [SchedulerKit.ExitStatus: Int32] = [
            .ok: 0, .partial: 3, .usage: 64, .badInput: 65, .inputMissing: 66, .unavailable: 69,
            .internalError: 70, .cannotWriteOutput: 73, .ioError: 74, .temporary: 75, .protocolError: 76,
            .permission: 77, .configuration: 78, .interrupted: 130,
        ]
        for (status, code) in expected { #expect(status.rawValue == code) }
        #expect(expected.count == SchedulerKit.ExitStatus.allCases.count)
    }

    @Test func eachErrorMapsToItsCode() {
        #expect(CmschedError.partial("x").exitStatus.rawValue == 3)
        #expect(CmschedError.badInput("x").exitStatus.rawValue == 65)
        #expect(CmschedError.temporary("x").exitStatus.rawValue == 75)
        #expect(CmschedError.permission("x").exitStatus.rawValue == 77)
        #expect(CmschedError.configuration("x").exitStatus.rawValue == 78)
        #expect(CmschedError.interrupted.exitStatus.rawValue == 130)
    }
}
