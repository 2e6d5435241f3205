import ArgumentParser
import Foundation
import SchedulerKit

extension NotifyCommand {
    /// `cmsched notify list`: every outbox row with its state.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the outbox: each message's state, attempts, next attempt and last error.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let entries = try global.scheduler().outbox()
            let utc = TimeZone(identifier: "UTC")!
            let rows = entries.map {
                [String($0.id), $0.state, $0.recipient, $0.method, String($0.sequence), String($0.attempts),
                 $0.state == "queued" ? RFC3339.string($0.nextAttemptAt, in: utc) : "", $0.lastError ?? ""]
            }
            try Console.out(Render.rows(
                global.format, header: ["id", "state", "recipient", "method", "sequence", "attempts", "next attempt", "last error"],
                rows: rows, json: entries))
        }
    }
}
