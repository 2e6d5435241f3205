import ArgumentParser

/// `cmsched profile`: the Call Bridge's call and call leg profiles.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Call profiles and call leg profiles (templates name them by id or name).",
        subcommands: [List.self]
    )
}
