import ArgumentParser
import SchedulerKit

extension ConfigCommand {
    /// `config set KEY VALUE`.
    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a key in the configuration file (written atomically, mode 0600).",
            discussion: """
                Writes your own $XDG_CONFIG_HOME/cmsched/config.toml (a new one starts from the system file's \
                settings), or --config FILE, or with --system /etc/cmsched/config.toml, the file the daemon reads \
                (run as root; mode 0640, group cmsched when that group exists). The line printed names the file.

                Examples:
                  cmsched config set callbridge.url https://cms.example.com:445
                  cmsched config set callbridge.password_file /etc/cmsched/callbridge.pw
                  sudo cmsched config set --system store.url /var/lib/cmsched/cmsched.sqlite
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Change the system-wide /etc/cmsched/config.toml (mode 0640, group cmsched) that the daemon and every user read, not your own file.")
        var system = false
        @Argument(help: "The key, e.g. callbridge.url.") var key: String
        @Argument(help: "The value.") var value: String

        func run() async throws {
            let editor = ConfigEditor(locations: Locations(), configFlag: global.config, system: system)
            let written = try editor.set(key, value)
            if !global.quiet { Console.error("\(key) = \(written) (\(editor.path))") }
        }
    }
}
