import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched notify list`: every outbox row with its state.
struct NotifyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show the outbox: each message's state, attempts, next attempt and last error.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try global.context()
        let entries = try context.openStore().outbox()
        let utc = TimeZone(identifier: "UTC")!
        let rows = entries.map {
            [String($0.id), $0.state, $0.recipient, $0.method, String($0.sequence), String($0.attempts),
             $0.state == "queued" ? RFC3339.string($0.nextAttemptAt, in: utc) : "", $0.lastError ?? ""]
        }
        try Console.out(try Render.rows(
            global.format, header: ["id", "state", "recipient", "method", "sequence", "attempts", "next attempt", "last error"],
            rows: rows, json: entries))
    }
}
