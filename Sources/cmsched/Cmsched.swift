import ArgumentParser
import Foundation
import SchedulerKit

/// The cmsched command suite: the job of the CMS Scheduler, for scripts, cron and admins.
@main
struct Cmsched: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmsched",
        abstract: "Schedule Cisco Meeting Server meetings, send invitations and clean up temporary spaces.",
        discussion: """
            Exit codes: 0 ok, 3 partial, 64 usage, 65 bad input data, 66 input missing, \
            69 peer unavailable, 70 internal error, 73 cannot write output, 74 I/O error, \
            75 temporary (lock held, database busy), 76 protocol error, 77 permission, \
            78 configuration, 130 interrupted.
            """,
        version: CmschedVersion.current,
        subcommands: [
            MeetingCommand.self, TemplateCommand.self, CleanupCommand.self, NotifyCommand.self, BridgeCommand.self,
            ProfileCommand.self, StatusCommand.self, ConfigCommand.self, ServeCommand.self, UserCommand.self, StoreCommand.self, LogCommand.self,
        ]
    )

    /// Runs the command and maps every error to its documented exit code, in this one place:
    /// parse errors are ArgumentParser's (64, help, version); a library error has its own code;
    /// anything else is a bug, 70, printed.
    static func main() async {
        Console.prepare()
        LogSetup.bootstrap()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
            // serve stops gracefully on SIGINT (its service group); every other command exits 130,
            // and runs a moment: its heap is kept rather than given back as it goes.
            if !(command is ServeCommand) {
                Interrupt.install()
                ShortCommandHeap.tune()
            }
        } catch {
            if exitCode(for: error) != .success, let message = CommandSuggestion.message(for: Array(CommandLine.arguments.dropFirst())) {
                Console.error(message)
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
        let failure: (any Error)?
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            failure = nil
        } catch {
            failure = error
        }
        // The store's sessions end once, after an answer or an error.
        await ProcessEnvironment.close()
        guard let error = failure else { return }
        if let mapped = CmschedError.wrapping(error) {
            Console.error(mapped.message)
            Foundation.exit(mapped.exitStatus.rawValue)
        }
        // ArgumentParser's own outcomes (help, usage errors, ExitCode) keep their codes; any
        // other error is a bug.
        guard exitCode(for: error) == .failure else { exit(withError: error) }
        Console.error("internal error: \(error)")
        Foundation.exit(ExitStatus.internalError.rawValue)
    }
}

/// Ctrl-C (SIGINT): exit 130 with one line. Every step is recorded before and after it runs,
/// so the next run finishes whatever was under way.
enum Interrupt {
    static func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Console.error(CmschedError.interrupted.message)
            Foundation.exit(CmschedError.interrupted.exitStatus.rawValue)
        }
        source.resume()
        installed = source
    }

    nonisolated(unsafe) private static var installed: (any DispatchSourceSignal)?
}
