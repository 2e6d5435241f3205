import ArgumentParser
import SchedulerKit

extension NotifyCommand {
    /// `cmsched notify retry ID…|--dead`: dead letters back into the queue.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Queue dead-lettered messages again (attempts reset); the next notify send delivers them.",
            discussion: """
                Exit 66 when an id is not a dead letter (nothing is requeued then).

                Examples:
                  cmsched notify retry 17 18
                  cmsched notify retry --dead && cmsched notify send
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Outbox row ids (see notify list --state dead).") var ids: [Int64] = []
        @Flag(help: "Every dead letter.") var dead = false

        func validate() throws {
            guard dead != !ids.isEmpty else { throw ValidationError("give outbox ids or --dead, not both or neither") }
        }

        func run() async throws {
            let count = try await global.scheduler().retryOutbox(ids: dead ? nil : ids)
            if !global.quiet { Console.error("requeued \(count) messages") }
        }
    }
}
