import ArgumentParser
import SchedulerKit

/// `cmsched config`: the MMP-like settings.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show and change settings (the equivalent of the MMP scheduler commands).",
        discussion: """
            Keys: \(ConfigKey.allCases.map(\.rawValue).joined(separator: ", ")). \
            Each can be overridden by an environment variable such as CMSCHED_CALLBRIDGE_URL. \
            Passwords are never values: use callbridge.password_file, email.password_file and \
            store.password_file (mode 0600), or $CMSCHED_CALLBRIDGE_PASSWORD, $CMSCHED_EMAIL_PASSWORD \
            and $CMSCHED_STORE_PASSWORD (for PostgreSQL, also $PGPASSFILE or ~/.pgpass). \
            store.url is a SQLite file (a path or sqlite:PATH) or \
            postgres://USER@HOST[:PORT]/DB[?sslmode=verify-full|require|disable]; store.ca_file is \
            the CA that signed the PostgreSQL server's certificate. \
            Every command and serve read one file: --config or $CMSCHED_CONFIG, else the user's \
            $XDG_CONFIG_HOME/cmsched/config.toml, else the system's /etc/cmsched/config.toml. config set \
            and unset change the user's file, or with --system the system's (the production layout: the \
            daemon's user and every admin see the same settings and the same database).
            """,
        subcommands: [Show.self, Get.self, Set.self, Unset.self]
    )
}

/// One line of `config show`, as JSON: `{"key", "value", "source"}`.
struct ConfigEntryView: StableJSON {
    let key: String
    let value: String?
    let source: String?
}
