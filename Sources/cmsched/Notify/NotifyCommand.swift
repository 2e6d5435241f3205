import ArgumentParser

/// `cmsched notify`: the email outbox.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send the queued meeting invitations by email, and show the outbox.",
        subcommands: [Send.self, List.self, Retry.self]
    )
}
