import ArgumentParser

/// `cmsched bridge`: the Web Bridges the Call Bridge knows.
struct BridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "Web Bridges, as the Call Bridge API lists them, and C2W probes of them.",
        subcommands: [List.self, Probe.self]
    )
}
