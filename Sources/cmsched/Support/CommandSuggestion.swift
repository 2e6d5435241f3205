import ArgumentParser
import SchedulerKit

/// A misspelled subcommand (`cmsched meetings list`) named with the nearest ones, rather than
/// ArgumentParser's "unexpected argument".
enum CommandSuggestion {
    /// The message for `arguments` when one of them, where a subcommand is expected, names none;
    /// nil otherwise (the parse error is then ArgumentParser's own).
    static func message(for arguments: [String], root: any ParsableCommand.Type = Cmsched.self) -> String? {
        var command = root
        var path = [root.configuration.commandName ?? "cmsched"]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !argument.hasPrefix("-"), argument != "help", !subcommands.isEmpty else { return nil }
            guard let next = subcommands.first(where: { $0._commandName == argument || $0.configuration.aliases.contains(argument) }) else {
                let near = NameSuggestions.clause(argument, among: subcommands.map { $0._commandName })
                return "unknown command '\(TextRules.escapingControls(argument))' for \(path.joined(separator: " "))\(near) (see \(path.joined(separator: " ")) --help)"
            }
            command = next
            path.append(next._commandName)
        }
        return nil
    }
}
