import Foundation
import SchedulerKit
import GRDB
import Testing

@Suite("cmsched binary: help, status, config")
struct FoundationCommandTests {
    @Test func helpListsTheSubcommandsAndExitsZero() throws {
        let cli = try CLI()
        let result = try cli.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: cmsched <subcommand>"))
        #expect(result.stdout.contains("status"))
        #expect(result.stdout.contains("config"))
        #expect(result.stderr.isEmpty)
    }

    @Test func unknownFlagIsAUsageError() throws {
        let cli = try CLI()
        let result = try cli.run(["status", "--no-such-flag"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--no-such-flag"))
        #expect(result.stdout.isEmpty)
    }

    @Test func statusOnAFreshStoreIsOkAndCreatesTheDatabase() throws {
        let cli = try CLI()
        let result = try cli.run(["status", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let object = try #require(
            CLI.statusParts(result.stdout))
        #expect(Set(object.keys) == ["database", "callBridge", "https", "c2w", "email", "serve"])
        #expect(object["database"]?["status"] == "ok")
        #expect(object["database"]?["detail"]?.contains("schema v\(StoreSchema.currentVersion)") == true)
        for part in ["callBridge", "https", "c2w", "email"] {
            #expect(object[part]?["status"] == "notConfigured", "\(part)")
        }
        #expect(FileManager.default.fileExists(atPath: cli.path("data/cmsched/cmsched.sqlite")))
    }

    @Test func statusTableNamesEveryPart() throws {
        let cli = try CLI()
        let result = try cli.run(["status"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("PART") == true)
        #expect(lines.dropFirst().map { $0.split(separator: " ")[0] } == ["database", "callBridge", "https", "c2w", "email", "serve"])
    }

    @Test func configSetShowUnsetRoundTrip() throws {
        let cli = try CLI()
        let passwordFile = try cli.write("secrets/cb-password", "s3cret-value\n")
        var result = try cli.run(["config", "set", "callbridge.url", "https://cms.example.com:445/"])
        #expect(result.status == 0)
        result = try cli.run(["config", "set", "callbridge.password_file", passwordFile])
        #expect(result.status == 0)
        let file = cli.path("config/cmsched/config.toml")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        result = try cli.run(["config", "show", "--format", "json"])
        #expect(result.status == 0)
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first { $0["key"] as? String == "email.server" }?["value"] is NSNull)
        let byKey = Dictionary(uniqueKeysWithValues: rows.map {
            ($0["key"] as! String, $0.compactMapValues { $0 as? String })
        })
        #expect(byKey["callbridge.url"]?["value"] == "https://cms.example.com:445")
        #expect(byKey["callbridge.url"]?["source"] == "file \(file)")
        #expect(byKey["callbridge.password_file"]?["value"] == "<file: \(passwordFile)>")
        #expect(byKey["cleanup.at"]?["value"] == "01:15")
        #expect(byKey["cleanup.at"]?["source"] == "default")
        #expect(!result.stdout.contains("s3cret-value"))

        result = try cli.run(["config", "unset", "callbridge.url"])
        #expect(result.status == 0)
        result = try cli.run(["config", "show", "--format", "csv"])
        #expect(result.stdout.contains("callbridge.url,,\r\n"))
        #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains("cms.example.com"))
    }

    @Test func configSetWritesTheFileNamedByTheEnvironment() throws {
        var cli = try CLI()
        let target = cli.path("elsewhere/cmsched.toml")
        cli.environment["CMSCHED_CONFIG"] = target
        let result = try cli.run(["config", "set", "meetings.sip_domain", "example.com"])
        #expect(result.status == 0)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("sip_domain = 'example.com'"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("config/cmsched/config.toml")))
    }

    @Test func environmentOverridesTheFile() throws {
        let cli = try CLI()
        _ = try cli.run(["config", "set", "meetings.sip_domain", "file.example.com"])
        let result = try cli.run(
            ["config", "show", "--format", "csv"], extraEnvironment: ["CMSCHED_MEETINGS_SIP_DOMAIN": "env.example.com"])
        #expect(result.stdout.contains("meetings.sip_domain,env.example.com,env CMSCHED_MEETINGS_SIP_DOMAIN"))
    }

    @Test(arguments: [
        ("email.port", "99999", "email.port: invalid value '99999'"),
        ("callbridge.url", "https://cms.example.com/api/v1", "without a path"),
        ("callbridge.url", "http://cms.example.com", "loopback only"),
        ("callbridge.url", "http://127.0.0.1.evil.example", "loopback only"),
        ("callbridge.url", "https://api@cms.example.com", "without a path"),
        ("callbridge.url", "https://cms.example.com/?x=1", "without a path"),
        ("callbridge.url", "cms.example.com", "expected https://HOST[:PORT]"),
        ("callbridge.url", "https://cms.example.com:99999", "expected https://HOST[:PORT]"),
        ("meetings.web_base_url", "http://join.example.com", "expected an https:// URL"),
        ("meetings.web_base_url", "https://join.example.com/meeting?x=1", "expected an https:// URL"),
        ("cleanup.at", "25:00", "HH:MM"),
        ("cleanup.grace", "soon", "duration"),
        ("email.protocol", "imap", "smtp or smtps"),
        ("no.such", "x", "unknown key 'no.such'"),
        ("callbridge.password", "hunter2", "secrets are never config values"),
    ])
    func badConfigValueIsRefusedWithExit78(key: String, value: String, message: String) throws {
        let cli = try CLI()
        let result = try cli.run(["config", "set", key, value])
        #expect(result.status == 78)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("hunter2"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("config/cmsched/config.toml")))
    }

    @Test func badValueInTheFileIsReportedWithTheKey() throws {
        let cli = try CLI()
        let file = try cli.write("config/cmsched/config.toml", "[email]\nport = 'twenty-five'\n")
        let result = try cli.run(["status"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(file): email.port: invalid value 'twenty-five'"))
        #expect(result.stdout.isEmpty)
    }

    @Test func malformedTomlIsReportedWithItsPosition() throws {
        let cli = try CLI()
        let file = try cli.write("config/cmsched/config.toml", "[email]\nport = = 25\n")
        let result = try cli.run(["config", "show"])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("cmsched: \(file):2:"))
    }

    @Test func secretFileReadableByOthersIsRefusedWithExit77() throws {
        let cli = try CLI()
        let passwordFile = try cli.write("secrets/cb-password", "hunter2\n", mode: 0o644)
        _ = try cli.run(["config", "set", "callbridge.url", "https://cms.example.com"])
        _ = try cli.run(["config", "set", "callbridge.user", "api"])
        _ = try cli.run(["config", "set", "callbridge.password_file", passwordFile])
        let result = try cli.run(["status", "--format", "json"])
        #expect(result.status == 3, "status reports a failing part with exit 3")
        #expect(try cli.run(["bridge", "list"]).status == 77)
        let object = try #require(
            CLI.statusParts(result.stdout))
        #expect(object["callBridge"]?["status"] == "error")
        #expect(object["callBridge"]?["detail"]?.contains("readable by group or others (mode 644)") == true)
        #expect(!result.stdout.contains("hunter2"))
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test func missingSecretFileIsAConfigurationError() throws {
        let cli = try CLI()
        _ = try cli.run(["config", "set", "callbridge.url", "https://cms.example.com"])
        _ = try cli.run(["config", "set", "callbridge.user", "api"])
        _ = try cli.run(["config", "set", "callbridge.password_file", cli.path("nope")])
        let result = try cli.run(["status"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("does not exist"))
        #expect(try cli.run(["bridge", "list"]).status == 78)
    }

    @Test func databaseFromANewerCmschedIsRefusedAndLeftUntouched() throws {
        let cli = try CLI()
        let dbPath = cli.path("newer.sqlite")
        #expect(try cli.run(["status", "--db", dbPath]).status == 0)
        let pool = try DatabasePool(path: dbPath)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: dbPath))

        let result = try cli.run(["status", "--db", dbPath, "--format", "json"])
        #expect(result.status == 3)
        #expect(try cli.run(["meeting", "list", "--db", dbPath]).status == 78)
        #expect(result.stdout.contains("written by a newer cmsched"))
        #expect(result.stdout.contains("v99"))
        let after = try Data(contentsOf: URL(fileURLWithPath: dbPath))
        #expect(before == after)
        let wal = dbPath + "-wal"
        let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        #expect(walSize == 0)
    }

    @Test func versionFlagPrintsTheVersion() throws {
        let cli = try CLI()
        let result = try cli.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }
}
