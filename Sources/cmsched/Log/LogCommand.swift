import ArgumentParser
import SchedulerKit
import SchedulerServer

/// `cmsched log`: a component's log level in the running `serve`, for a time (MMP `scheduler
/// timedLogging`).
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Raise one component's log level in the running serve for a time (like MMP scheduler timedLogging).",
        discussion: """
            Components: \(LogComponent.allCases.map(\.rawValue).joined(separator: ", ")) (every line serve logs names \
            its component: component=NAME). The level falls back to serve's own (--log-level) by itself when the time is \
            up. cmsched log talks to the serve of the same store on this host through its control socket \
            (DATABASE.control, mode 0600: run it as the user serve runs as); the HTTPS API has the same at \
            GET/PUT/DELETE /api/v1/scheduler/logging. Exit 69 when no serve of this store runs here.
            """,
        subcommands: [Set.self, Show.self, Reset.self]
    )

    /// The levels as `log show` prints them.
    static func render(_ state: LoggingState, format: OutputFormat) throws -> String {
        let rows = [["*", state.base, "-"]] + state.timed.map { [$0.component, $0.level, $0.until] }
        return try Render.rows(format, header: ["component", "level", "until"], rows: rows, json: state)
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a component's log level in the running serve for a time.",
            discussion: """
                Examples:
                  cmsched log set webbridge debug --for 30m
                  cmsched log set api debug --for 5m
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: ArgumentHelp("webbridge, api, email, callbridge or store.", valueName: "component")) var component: String
        @Argument(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level")) var level: String
        @Option(name: .customLong("for"), help: ArgumentHelp("For how long (1s to 24h).", valueName: "duration"))
        var duration = LoggingChange.defaultSpan

        func run() async throws {
            let client = ControlClient(try global.environment())
            let state = try await client.set(LoggingChange(component: component, level: level, for: duration))
            try global.report(LogCommand.render(state, format: output.format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show serve's log level and the levels set for a time, until when.",
            discussion: """
                Examples:
                  cmsched log show --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            try Console.out(LogCommand.render(try await ControlClient(try global.environment()).state(), format: output.format))
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "End a level set for a time now (one component's, or every one's).",
            discussion: """
                Examples:
                  cmsched log reset webbridge
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: ArgumentHelp("The component (default: every one).", valueName: "component")) var component: String?

        func run() async throws {
            let state = try await ControlClient(try global.environment()).reset(component)
            try global.report(LogCommand.render(state, format: output.format))
        }
    }
}
