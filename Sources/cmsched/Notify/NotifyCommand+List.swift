import ArgumentParser
import Foundation
import SchedulerKit

extension NotifyCommand {
    /// `cmsched notify list`: every outbox row with its state.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Show the outbox: each message's state, attempts, next attempt and last error.",
            discussion: """
                Examples:
                  cmsched notify list --state dead
                  cmsched notify list --meeting xrp --since 2026-12-01 --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Option(help: ArgumentHelp("Only rows in this state: queued, sending, sent, superseded or dead (repeatable).", valueName: "state"))
        var state: [String] = []
        @Option(help: ArgumentHelp("Only the rows of this meeting (id).", valueName: "id")) var meeting: String?
        @Option(help: ArgumentHelp("Only rows queued at or after this time.", valueName: "time")) var since: String?

        func validate() throws {
            for value in state where !OutboxFilter.allStates.contains(value) {
                throw ValidationError("--state '\(value)': expected \(OutboxFilter.allStates.joined(separator: ", "))")
            }
        }

        func run() async throws {
            let scheduler = try global.scheduler()
            var meetingId: String?
            if let meeting { meetingId = try await scheduler.meeting(meeting).id }
            let filter = OutboxFilter(
                states: state, meetingId: meetingId,
                since: try since.map { try TimeArgument.instant($0, zone: scheduler.environment.typed.meetings.timeZone, flag: "--since") })
            let entries = try await scheduler.outbox(filter)
            let utc = TimeZone(identifier: "UTC")!
            let rows = entries.map {
                [String($0.id), $0.state, $0.recipient, $0.method, String($0.sequence), String($0.attempts),
                 $0.state == "queued" ? RFC3339.string($0.nextAttemptAt, in: utc) : "", $0.lastError ?? ""]
            }
            try Console.out(Render.rows(
                output.format, header: ["id", "state", "recipient", "method", "sequence", "attempts", "next attempt", "last error"],
                rows: rows, json: entries))
        }
    }
}
