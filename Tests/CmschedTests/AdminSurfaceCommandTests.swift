import Foundation
import GRDB
import SchedulerKit
import Testing
import TestSupport

/// What a CMS admin scripting cmsched relies on: quiet cron runs, one value from the config,
/// idempotent deletes, exports to stdout, zone names, a clear STARTTLS refusal.
@Suite("cmsched for cron and scripts", .serialized)
struct AdminSurfaceCommandTests {
    static let create = [
        "meeting", "create", "--name", "Weekly", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
        "--start", "2030-12-03T09:00", "--duration", "1h", "--tz", "Europe/Berlin", "--repeat", "weekly", "--count", "4",
        "--attendee", "gogi@s.com", "--key", "w1", "--quiet",
    ]

    /// The README's crontab lines, exactly (without the schedule fields).
    static let cleanupLine = ["cleanup", "run", "--quiet"]
    static let notifyLine = ["notify", "send", "--quiet"]

    @Test func theReadmesCronLinesAreSilentOnSuccessAndOneLineOnFailure() throws {
        let readme = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path, encoding: .utf8)
        #expect(readme.contains("15 1 * * * cmsched " + Self.cleanupLine.joined(separator: " ")))
        #expect(readme.contains("*/5 * * * * cmsched " + Self.notifyLine.joined(separator: " ")))
        let mail = try MailSetup.start()
        defer { mail.stop() }
        #expect(try mail.cli.run(Self.create).stdout.isEmpty)
        for line in [Self.cleanupLine, Self.notifyLine] {
            let result = try mail.cli.run(line)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(line): \(result.stdout)\(result.stderr)")
        }
        var broken = mail.cli
        broken.environment["CMSCHED_CALLBRIDGE_PASSWORD_FILE"] = try broken.write("secrets/wrong.pw", "wrong\n")
        let failed = try broken.run(Self.cleanupLine)
        #expect(failed.status == 77)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.split(separator: "\n").count == 1)
    }

    @Test func configGetPrintsOneValueForScripts() throws {
        var cli = try CLI()
        cli.environment["CMSCHED_CALLBRIDGE_URL"] = "https://cms.example.com:445"
        let set = try cli.run(["config", "get", "callbridge.url"])
        #expect(set.status == 0 && set.stdout == "https://cms.example.com:445\n")
        #expect(try cli.run(["config", "get", "cleanup.at"]).stdout == "01:15\n")
        let unset = try cli.run(["config", "get", "email.server"])
        #expect(unset.status == 66 && unset.stdout.isEmpty)
        #expect(try cli.run(["config", "get", "no.such"]).status == 78)
    }

    @Test func deletingTwiceAndCancellingAnOccurrenceTwiceExitZero() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        #expect(try cli.run(Self.create).status == 0)
        for _ in 0..<2 {
            let result = try cli.run(["meeting", "delete", "w1", "--occurrence", "2030-12-10", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let shown = try JSONSerialization.jsonObject(with: Data(try cli.run(["meeting", "show", "w1", "--format", "json"]).stdout.utf8)) as? [String: Any]
        #expect((shown?["exceptions"] as? [String]) == ["2030-12-10T09:00:00"])
        #expect(shown?["sequence"] as? Int == 1)
        for _ in 0..<2 { #expect(try cli.run(["meeting", "delete", "w1", "--quiet"]).status == 0) }
    }

    @Test func eachFormatHelpListsExactlyTheValuesTheCommandTakes() throws {
        let cli = try CLI()
        for command in [["template", "list"], ["notify", "list"], ["cleanup", "run"], ["status"], ["config", "show"]] {
            let help = try cli.run(command + ["--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "  ", with: " ")
            #expect(help.contains("values: table, json, csv;"), "\(command)")
            #expect(!help.contains("ics"), "\(command)")
            #expect(try cli.run(command + ["--format", "ics"]).status == 64, "\(command)")
        }
        for command in [["meeting", "list"], ["meeting", "show", "x"]] {
            let help = try cli.run(command + ["--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
            #expect(help.contains("ics"), "\(command)")
        }
        #expect(!(try cli.run(["config", "set", "--help"]).stdout.contains("--format")))
    }

    @Test func profilesAreListedAndTemplatesNameThemByName() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let list = try cli.run(["profile", "list", "--format", "json"])
        let profiles = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(profiles.map { $0["kind"] as? String } == ["callProfile", "callLegProfile", "callLegProfile"])
        #expect(profiles.compactMap { $0["name"] as? String }.sorted() == ["guest", "host"])
        let created = try cli.run([
            "template", "create", "--name", "Board", "--access-method", "Guests:$.guest:guest:unique-callid", "--format", "json",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let template = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let method = try #require((template["accessMethods"] as? [[String: Any]])?.first)
        #expect(method["callLegProfile"] as? String == "06b654b1-1d1f-4f7e-ac07-b7aed2fa4ed6")
        #expect(try cli.run(["template", "create", "--name", "X", "--access-method", "G:$.g:nosuch"]).status == 66)
    }

    @Test func aTemplateInUseIsDeletedOnlyWithForce() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        #expect(try cli.run(Self.create).status == 0)
        let refused = try cli.run(["template", "delete", "CoSpaceTemp-Scheduler"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("used by 1 scheduled meetings"))
        #expect(try cli.run(["template", "delete", "CoSpaceTemp-Scheduler", "--force"]).status == 0)
        #expect(try cli.run(["template", "show", "CoSpaceTemp-Scheduler"]).status == 66)
        #expect(try cli.run(["template", "delete", "NoSuch"]).status == 66)
    }

    @Test func exportWritesToStdoutWithoutOut() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        #expect(try cli.run(Self.create).status == 0)
        let export = try cli.run(["meeting", "export", "w1"])
        #expect(export.status == 0)
        #expect(try ICalendarReader.events(export.stdout).count == 1)
    }

    @Test(arguments: [("UTC", "UTC"), ("CET", "CET"), ("EST5EDT", "EST5EDT")])
    func zoneNamesTzdataKnowsAreKeptAsGiven(zone: String, shown: String) throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var arguments = Self.create.filter { $0 != "--quiet" }
        arguments[arguments.firstIndex(of: "Europe/Berlin")!] = zone
        let result = try cli.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let meeting = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(meeting?["timeZone"] as? String == shown)
        #expect(try ICalendarReader.events(try cli.run(["meeting", "export", "w1"]).stdout).count == 1)
    }

    @Test func aServerWithoutSTARTTLSExits78AtOnceWithTheFix() throws {
        var (sim, cli) = try SimulatorProcess.seeded()
        let smtp = try SMTPPeer(pki: try SimulatorProcess.pki.get(), startTLS: false)
        defer {
            sim.stop()
            smtp.stop()
        }
        try cli.useSMTP(smtp, pki: try SimulatorProcess.pki.get())
        cli.environment["CMSCHED_EMAIL_AUTH"] = "disable"
        #expect(try cli.run(Self.create).status == 0)
        let result = try cli.run(["notify", "send"])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("cmsched config set email.starttls disable"))
        let rows = try JSONSerialization.jsonObject(with: Data(try cli.run(["notify", "list", "--format", "json"]).stdout.utf8)) as? [[String: Any]]
        #expect(rows?.allSatisfy { $0["state"] as? String == "queued" && $0["attempts"] as? Int == 0 } == true)
        #expect(try smtp.messages().isEmpty)
    }
}

/// `make install` and `make uninstall` put every file where its tools look, under DESTDIR.
@Suite("make install")
struct InstallTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `make` as root is run by sudo, whose secure_path has no Swift: nothing here may need it.
    func make(_ arguments: [String]) throws -> CLI.Result {
        try CLI().run(["-C", Self.root.path] + arguments, extraEnvironment: ["PATH": "/usr/bin:/bin"], tool: "/usr/bin/make")
    }

    @Test func installUsesTheBuiltBinaryStrippedAndUninstallRemovesExactlyIt() throws {
        let stage = NSTemporaryDirectory() + "stage-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: stage) }
        let built = CLI.productsDirectory.appendingPathComponent("cmsched").path
        #expect(try make(["-n", "release"]).stdout.contains("scripts/swift-build release --product cmsched"))
        let plan = try make(["-n", "install", "PREFIX=/usr", "DESTDIR=\(stage)", "BIN=\(built)"])
        #expect(!plan.stdout.contains("swift"), "install builds nothing")
        #expect(plan.stdout.contains("\(stage)/usr/share/man/man1/"))
        let missing = try make(["install", "BIN=\(stage)/no-such-binary", "DESTDIR=\(stage)"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("run 'make release' first"), "\(missing.stderr)")
        let installed = try make(["install", "BIN=\(built)", "PREFIX=/usr", "DESTDIR=\(stage)"])
        #expect(installed.status == 0, "\(installed.stderr)")
        let files = [
            "usr/bin/cmsched", "usr/share/man/man1/cmsched.1", "usr/share/man/man1/cmsched.meeting.create.1",
            "usr/share/bash-completion/completions/cmsched", "usr/share/zsh/site-functions/_cmsched",
            "usr/share/fish/vendor_completions.d/cmsched.fish",
        ]
        for file in files { #expect(FileManager.default.fileExists(atPath: "\(stage)/\(file)"), "\(file)") }
        let binary = "\(stage)/usr/bin/cmsched"
        let size = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        #expect(try size(binary) > 0 && size(binary) < size(built), "stripped")
        #expect(try CLI().run(["--version"], tool: binary).status == 0)
        #expect(try regularFiles(under: stage).allSatisfy { !$0.contains("cms-sim") }, "the simulator's pages are not installed")
        #expect(try make(["uninstall", "PREFIX=/usr", "DESTDIR=\(stage)"]).status == 0)
        #expect(try regularFiles(under: stage).isEmpty, "everything install put is gone")
    }

    private func regularFiles(under folder: String) throws -> [String] {
        FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }.filter {
            (try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.type] as? FileAttributeType) != .typeDirectory
        }
    }
}

/// `status` checks for real: certificates and keys, the SMTP session, offline.
@Suite("cmsched status checks", .serialized)
struct StatusCheckTests {
    func part(_ result: CLI.Result, _ name: String) throws -> [String: String] {
        let object = try #require(CLI.statusParts(result.stdout))
        return try #require(object[name])
    }

    @Test func certificatesKeysAndTheMailServerAreChecked() throws {
        var mail = try MailSetup.start()
        defer { mail.stop() }
        let pki = try SimulatorProcess.pki.get()
        mail.cli.environment["CMSCHED_HTTPS_LISTEN"] = "127.0.0.1:9443"
        // A full chain, as `scheduler https certs` takes it: the server's certificate, then its CA.
        let fullChain = try mail.cli.write(
            "tls/fullchain.pem",
            try String(contentsOfFile: pki.directory + "/server.pem", encoding: .utf8) + (try String(contentsOfFile: pki.caFile, encoding: .utf8)))
        mail.cli.environment["CMSCHED_HTTPS_CERT"] = fullChain
        mail.cli.environment["CMSCHED_HTTPS_KEY"] = pki.directory + "/server.key"
        let result = try mail.cli.run(["status", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let https = try part(result, "https")
        // The test CA issues two-day certificates: working, but due soon.
        #expect(https["status"] == "warning")
        #expect(https["detail"]?.contains("key matches") == true)
        #expect(https["detail"]?.contains("expires in under 30 days") == true, "\(https)")
        let email = try part(result, "email")
        #expect(email["status"] == "ok")
        #expect(email["detail"]?.contains("STARTTLS, AUTH, NOOP") == true)
        #expect(try mail.smtp.messages().isEmpty, "a status check sends no mail")

        #expect(https["detail"]?.contains("does not verify") == false, "\(https)")
        var leafOnly = mail.cli
        leafOnly.environment["CMSCHED_HTTPS_CERT"] = pki.directory + "/server.pem"
        #expect(try part(try leafOnly.run(["status", "--format", "json"]), "https")["detail"]?.contains("does not verify") == true)

        let other = try TestPKI.make(commonName: "other CA")
        var mismatched = mail.cli
        mismatched.environment["CMSCHED_HTTPS_KEY"] = other.directory + "/server.key"
        let wrongKey = try mismatched.run(["status", "--format", "json"])
        #expect(wrongKey.status == 3)
        #expect(try part(wrongKey, "https")["detail"]?.contains("does not match") == true)

        var refused = mail.cli
        refused.environment["CMSCHED_EMAIL_PASSWORD_FILE"] = try refused.write("secrets/bad.pw", "nope\n")
        let badAuth = try refused.run(["status", "--format", "json"])
        #expect(badAuth.status == 3)
        #expect(try part(badAuth, "email")["status"] == "error")
        let offline = try refused.run(["status", "--offline", "--format", "json"])
        #expect(offline.status == 0, "\(offline.stdout)")
        #expect(try part(offline, "email")["status"] == "skipped")
        #expect(try part(offline, "callBridge")["status"] == "skipped")
    }
}

/// Every command's help has examples; the man pages have EXAMPLES, EXIT STATUS, and (cmsched.1)
/// ENVIRONMENT with every CMSCHED_* variable and FILES.
@Suite("help and man pages")
struct HelpAndManualTests {
    static let man = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("man")

    /// The leaf commands, from the help dump.
    func leaves() throws -> [[String]] {
        let dump = try CLI().run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        func walk(_ command: [String: Any], _ path: [String]) -> [[String]] {
            let name = command["commandName"] as? String ?? ""
            let here = path + [name]
            let children = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
            return children.isEmpty ? [here] : children.flatMap { walk($0, here) }
        }
        return walk(try #require(root["command"] as? [String: Any]), [])
    }

    @Test func everyCommandHasExamplesInItsHelpAndItsManPage() throws {
        let commands = try leaves()
        #expect(commands.count >= 20)
        for command in commands {
            let help = try CLI().run(Array(command.dropFirst()) + ["--help"])
            #expect(help.stdout.contains("Examples:\n  cmsched "), "\(command)")
            let page = try String(contentsOf: Self.man.appendingPathComponent(command.joined(separator: ".") + ".1"), encoding: .utf8)
            #expect(page.contains(".Sh EXAMPLES") && page.contains(".Sh \"EXIT STATUS\""), "\(command)")
            #expect(page.contains(".It 78"), "\(command)")
        }
    }

    @Test func theMainPageListsEveryVariableAndFile() throws {
        let page = try String(contentsOf: Self.man.appendingPathComponent("cmsched.1"), encoding: .utf8)
        for key in ConfigKey.allCases { #expect(page.contains(".It Ev \(key.environmentVariable)"), "\(key)") }
        for name in ["CMSCHED_CONFIG", "CMSCHED_CALLBRIDGE_PASSWORD", "CMSCHED_EMAIL_PASSWORD", "CMSCHED_STORE_PASSWORD", "PGPASSFILE", "CMSCHED_NOW", "CMSCHED_SYSTEM_CONFIG"] { #expect(page.contains(".It Ev \(name)")) }
        #expect(page.contains(".Sh FILES") && page.contains("cmsched.sqlite") && page.contains("meetings.lock"))
        #expect(page.contains(".Sh TIMES") && page.contains(".It today 14:00, tomorrow 9:30"))
    }
}

/// `meeting import`: bookings made elsewhere become meetings, idempotently.
@Suite("cmsched meeting import", .serialized)
struct ImportCommandTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("peers/outlook-export.ics").path

    func rows(_ result: CLI.Result) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// A calendar of one event with `lines` in it (CRLF, as RFC 5545 writes them).
    func calendar(_ lines: [String], nested: Bool = false) -> String {
        let event = ["BEGIN:VEVENT", "UID:bad-1@example.com", "DTSTAMP:20261201T000000Z", "DTSTART;TZID=Europe/Berlin:20301202T100000",
                     "SUMMARY:Planning"] + lines + ["END:VEVENT"]
        let inner = nested ? ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//EN"] + event + ["END:VCALENDAR"] : event
        return (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cmsched tests//EN"] + inner + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }

    @Test func whatLibicalWouldReadAsSomethingElseIsRefusedWithItsLine() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let cases: [(String, String, String)] = [
            ("junk-rule", calendar(["DTEND;TZID=Europe/Berlin:20301202T110000", "RRULE:FREQ=DAILY;;;BYDAY=XX;INTERVAL=-5;COUNT=abc"]), "line 10: rrule"),
            ("zero-interval", calendar(["DTEND;TZID=Europe/Berlin:20301202T110000", "RRULE:FREQ=WEEKLY;INTERVAL=0"]), "INTERVAL=0 is not a valid value"),
            ("negative", calendar(["DURATION:-PT1H"]), "it ends before it starts"),
            ("nested", calendar(["DTEND;TZID=Europe/Berlin:20301202T110000"], nested: true), "line 4: a VCALENDAR inside another"),
            ("rdate", calendar(["DTEND;TZID=Europe/Berlin:20301202T110000", "RDATE;TZID=Europe/Berlin:20301205T100000"]), "line 10: RDATE"),
            ("long", calendar(["DTEND;TZID=Europe/Berlin:20301202T110000", "DESCRIPTION:" + String(repeating: "a", count: 70_000)]), "a property of more than 64 KiB"),
        ]
        for (name, text, fragment) in cases {
            let result = try cli.run(["meeting", "import", try cli.write("\(name).ics", text), "--template", "CoSpaceTemp-Scheduler"])
            #expect(result.status == 65 && result.stderr.contains(fragment), "\(name): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("\(name).ics"), "the message names the file: \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        let listed = try JSONSerialization.jsonObject(with: Data(try cli.run(["meeting", "list", "--format", "json"]).stdout.utf8)) as? [Any]
        #expect(listed?.isEmpty == true, "nothing written")
    }

    @Test func anOutlookExportBecomesMeetingsAndAReimportUpdatesOnlyWhatGrew() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let arguments = ["meeting", "import", Self.file, "--template", "CoSpaceTemp-Scheduler", "--role", "gogi@s.com=ExternalAccessMeth", "--format", "json"]
        let first = try cli.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try rows(first).map { $0["status"] as? String } == ["created", "created", "created"])
        #expect(first.stderr.contains("'W. Europe Standard Time' is not one tzdata knows"))
        let series = try #require(try rows(first).first)
        #expect(series["uid"] as? String == "040000008200E00074C5B7101A82E00800000000")
        #expect(series["sequence"] as? Int == 2)
        #expect(series["rrule"] as? String == "FREQ=WEEKLY;COUNT=6")
        #expect(series["exceptions"] as? [String] == ["2030-12-09T10:00:00", "2030-12-16T10:00:00"])
        #expect((series["attendees"] as? [[String: Any]])?.map { $0["roleName"] as? String } == ["ExternalAccessMeth", "ExternalAccessMeth"])
        #expect(try rows(first)[1]["start"] as? String == "2030-12-03T08:00:00Z")
        #expect(try rows(first)[2]["start"] as? String == "2030-12-17T14:00:00+01:00")

        #expect(try rows(try cli.run(arguments)).map { $0["status"] as? String } == ["existing", "existing", "existing"])
        let changed = try String(contentsOfFile: Self.file, encoding: .utf8)
            .replacingOccurrences(of: "SEQUENCE:2\nSUMMARY:Weekly ops review\n", with: "SEQUENCE:3\nSUMMARY:Weekly ops review (new room)\n")
        let updated = try cli.run(["meeting", "import", try cli.write("changed.ics", changed), "--template", "CoSpaceTemp-Scheduler", "--format", "json"])
        #expect(try rows(updated).map { $0["status"] as? String } == ["updated", "existing", "existing"], "\(updated.stderr)")
        #expect(try rows(updated)[0]["name"] as? String == "Weekly ops review (new room)")
        #expect(try rows(updated)[0]["sequence"] as? Int == 3)
    }

    @Test func anExportImportsBackAsTheSameMeetingsOnAnotherStore() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let csv = try cli.write("week.csv", """
            key,name,start,duration,tz,rrule,template,organizer,attendees
            a,Daily,2030-12-02T09:00,15m,Europe/Berlin,FREQ=DAILY;COUNT=5,CoSpaceTemp-Scheduler,saiacano@s.com,gogi@s.com
            b,Tokyo,2030-12-03T17:00,30m,Asia/Tokyo,,CoSpaceTemp-Scheduler,gogi@s.com,
            c,UTC call,2030-12-04T12:00,1h,UTC,FREQ=WEEKLY;COUNT=3,CoSpaceTemp-Scheduler,saiacano@s.com,
            """)
        #expect(try cli.run(["meeting", "create", "--input", csv, "--quiet"]).status == 0)
        #expect(try cli.run(["meeting", "delete", "a", "--occurrence", "2030-12-04", "--quiet"]).status == 0)
        let export = try cli.run(["meeting", "export", "--all"])
        var other = cli
        other.environment["XDG_DATA_HOME"] = cli.path("other-data")
        let input = try other.write("export.ics", export.stdout)
        let plan = try other.run(["meeting", "import", input, "--template", "CoSpaceTemp-Scheduler", "--dry-run", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let planned = try rows(plan)
        #expect(planned.allSatisfy { $0["status"] as? String == "planned" })
        let original = try rows(try cli.run(["meeting", "list", "--format", "json"]))
        func summary(_ items: [[String: Any]]) -> [String] {
            items.map { "\($0["name"] ?? "") \($0["start"] ?? "") \($0["end"] ?? "") \($0["timeZone"] ?? "") \($0["rrule"] ?? "") \($0["exceptions"] ?? "") \($0["organizer"] ?? "")" }.sorted()
        }
        #expect(summary(planned) == summary(original))
        #expect(try other.run(["meeting", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count == 1, "a dry run stores nothing")
    }
}
