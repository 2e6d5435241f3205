import ArgumentParser
import Foundation
import SchedulerKit
import SchedulerServer

/// `cmsched user`: the users of serve's HTTPS API.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Users of serve's HTTPS API (HTTP Basic auth; passwords kept as bcrypt hashes).",
        subcommands: [Add.self, List.self, Remove.self]
    )

    /// `user add NAME`: the password from stdin (asked twice, unechoed, on a terminal).
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an API user, or set a new password for one (read from stdin).",
            discussion: """
                The password is never an argument: on a terminal it is asked twice without echo; otherwise \
                the first line of stdin is read. At least 8 characters and at most 72 bytes of UTF-8 (all bcrypt reads). \
                API users also sign in to serve's operations pages (/ops/). Roles: viewer reads; scheduler also \
                creates, changes and deletes meetings; admin also changes serve's log levels \
                (PUT /api/v1/scheduler/logging) and retries dead mail on the pages. A new user without --role is a scheduler; a new password \
                without --role keeps the user's role; users from before roles are admins.

                Examples:
                  cmsched user add portal
                  printf '%s\\n' "$PORTAL_PASSWORD" | cmsched user add portal
                  cmsched user add ops --role admin
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "User name: 1-64 letters, digits, '.', '_', '@' or '-'.") var name: String
        @Option(help: ArgumentHelp("admin, scheduler or viewer (a new user without it: scheduler).", valueName: "role")) var role: String?

        func run() async throws {
            let role = try role.map(APIRole.init(named:))
            let password = try PasswordInput.read(for: name)
            let created = try await APIUsers(try global.environment()).set(name, password: password, role: role)
            try global.report(created ? "added API user \(name)\n" : "set a new password for API user \(name)\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the API users (names, roles and dates; never passwords).",
            discussion: """
                Examples:
                  cmsched user list
                  cmsched user list --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let users = try await APIUsers(try global.environment()).list()
            try Console.out(Render.rows(
                output.format, header: ["name", "role", "createdAt", "updatedAt"],
                rows: users.map { [$0.name, $0.role, $0.createdAt, $0.updatedAt] },
                json: users))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove an API user (removing one that is not there changes nothing).",
            discussion: """
                Examples:
                  cmsched user remove portal
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "User name.") var name: String

        func run() async throws {
            let removed = try await APIUsers(try global.environment()).remove(name)
            try global.report(removed ? "removed API user \(name)\n" : "no API user \(name): nothing removed\n")
        }
    }
}

/// Reads a password from stdin: twice without echo on a terminal, else the first line.
enum PasswordInput {
    static func read(for name: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = try prompt("Password for \(name): ")
            let second = try prompt("Again: ")
            guard first == second else { throw CmschedError.badInput("password: the two entries differ") }
            return first
        }
        // No more than a password's line can need: a longer one is refused (72 bytes at most).
        let data = (try? FileHandle.standardInput.read(upToCount: 4_096)) ?? Data()
        guard let text = String(data: data, encoding: .utf8) else { throw CmschedError.badInput("password (stdin): not UTF-8") }
        guard let line = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first,
            !line.isEmpty
        else { throw CmschedError.inputMissing("password: nothing on stdin (give it on the first line)") }
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }

    private static func prompt(_ text: String) throws -> String {
        Console.prompt(text)
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            Console.prompt("\n")
        }
        guard let line = readLine(strippingNewline: true) else { throw CmschedError.inputMissing("password: no input") }
        return line
    }
}
