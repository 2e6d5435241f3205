import Foundation
import GRDB
import SchedulerKit
import Testing
import TestSupport

/// The hardening rules through the built binary: exit codes, what is refused, what survives.
@Suite("cmsched hardening through the binary", .serialized)
struct HardeningCommandTests {
    static let create = [
        "meeting", "create", "--name", "Test-XRP", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
        "--start", "2030-12-02T09:00", "--duration", "1h", "--tz", "Europe/Berlin",
    ]

    func setUp(seed: String? = nil) throws -> (SimulatorProcess, CLI) {
        var (sim, cli) = seed == nil
            ? try SimulatorProcess.seeded()
            : (try SimulatorProcess(arguments: ["--seed", seed!, "--tls-dir", SimulatorProcess.pki.get().directory]), try CLI())
        if seed != nil { try cli.useSimulator(sim, caFile: try SimulatorProcess.pki.get().caFile) }
        cli.environment["CMSCHED_MEETINGS_SIP_DOMAIN"] = "s.com"
        return (sim, cli)
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func database(_ cli: CLI) throws -> DatabasePool { try DatabasePool(path: cli.path("data/cmsched/cmsched.sqlite")) }

    func create(_ cli: CLI, _ extra: [String] = []) throws -> [String: Any] {
        let result = try cli.run(Self.create + extra + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try json(result.stdout) as? [String: Any])
    }

    // MARK: 1

    @Test func aStartOutsideTheStoredRangeExits65NamingTheField() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "2030-12-02T09:00")!] = "9999-12-31T23:30"
        let result = try cli.run(arguments)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("cmsched: --start:"))
        #expect(try cli.run(["meeting", "list", "--format", "json"]).stdout == "[\n\n]\n")
    }

    @Test func aSeriesWithNoOccurrenceExits65AndMakesNoSpace() async throws {
        // libical spends up to a second finding that such a rule has no occurrence: stored, it
        // would cost every listing of its window that second.
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let spaces = try await sim.client().coSpaces().count
        let result = try cli.run(Self.create + ["--rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("cmsched: --rrule: the series has no occurrence from its start"), "\(result.stderr)")
        #expect(try await sim.client().coSpaces().count == spaces)
        #expect(try cli.run(["meeting", "list", "--format", "json"]).stdout == "[\n\n]\n")
    }

    @Test func aRowTheStoreCannotReadIsSkippedByEveryCommandAndCanBeDeleted() throws {
        let mail = try MailSetup.start()
        defer { mail.stop() }
        let (cli, smtp) = (mail.cli, mail.smtp)
        let good = try create(cli, ["--key", "good", "--attendee", "gogi@s.com"])
        let bad = try create(cli, ["--key", "bad", "--start", "2020-01-06T09:00", "--attendee", "gogi@s.com"])
        let pool = try database(cli)
        try pool.write {
            try $0.execute(
                sql: #"UPDATE meeting SET start = '9999-12-31T23:30:00', "end" = '10000-01-01T00:30:00', durationSeconds = NULL WHERE key = 'bad'"#)
        }
        try pool.close()
        let list = try cli.run(["meeting", "list", "--format", "json"])
        #expect(list.status == 0)
        #expect(list.stdout.contains(good["id"] as! String) && !list.stdout.contains(bad["id"] as! String))
        #expect(list.stderr.contains("warning: skipped: meeting \(bad["id"] as! String) in the database is unreadable"))
        #expect(try cli.run(["meeting", "export", "--all", "--out", "-"]).status == 0)
        let cleanup = try cli.run(["cleanup", "run", "--format", "json"])
        #expect(cleanup.status == 3, "\(cleanup.stderr)")
        #expect(try cli.run(["meeting", "show", "good"]).status == 0)
        let send = try cli.run(["notify", "send", "--format", "json"])
        #expect(send.status == 3, "\(send.stderr)")
        let rows = try #require(try json(try cli.run(["notify", "list", "--format", "json"]).stdout) as? [[String: Any]])
        #expect(rows.filter { $0["meetingId"] as? String == good["id"] as? String }.allSatisfy { $0["state"] as? String == "sent" })
        #expect(rows.filter { $0["meetingId"] as? String == bad["id"] as? String }.allSatisfy { $0["state"] as? String == "dead" })
        #expect(try smtp.messages().count == 2)
        let delete = try cli.run(["meeting", "delete", "bad"])
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(try cli.run(["meeting", "list", "--format", "json"]).stderr.isEmpty)
        #expect(try cli.run(["cleanup", "run", "--dry-run"]).status == 0)
    }

    // MARK: 2

    @Test func anExportCarriesTheOrganizersJoinDetailsUnlessAllRolesAreAsked() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let meeting = try create(cli, ["--organizer-role", "InternalAccessMeth", "--attendee", "gogi@s.com=ExternalAccessMeth"])
        let details = try #require(meeting["joinDetails"] as? [[String: Any]])
        let guest = try #require(details.first { $0["roleName"] as? String == "ExternalAccessMeth" }?["sipUri"] as? String)
        let host = try #require(details.first { $0["roleName"] as? String == "InternalAccessMeth" }?["sipUri"] as? String)
        let export = try cli.run(["meeting", "export", meeting["id"] as! String, "--out", "-"])
        #expect(export.stdout.contains(host) && !export.stdout.contains(guest))
        let all = try cli.run(["meeting", "export", meeting["id"] as! String, "--out", "-", "--all-roles"])
        #expect(all.stdout.contains(host) && all.stdout.contains(guest))
    }

    @Test func eachRecipientsMailCarriesOnlyTheirOwnRolesDetails() throws {
        let mail = try MailSetup.start()
        defer { mail.stop() }
        let (cli, smtp) = (mail.cli, mail.smtp)
        let meeting = try create(cli, ["--organizer-role", "InternalAccessMeth", "--attendee", "gogi@s.com=ExternalAccessMeth"])
        let details = try #require(meeting["joinDetails"] as? [[String: Any]])
        let guest = try #require(details.first { $0["roleName"] as? String == "ExternalAccessMeth" }?["sipUri"] as? String)
        let host = try #require(details.first { $0["roleName"] as? String == "InternalAccessMeth" }?["sipUri"] as? String)
        #expect(try cli.run(["notify", "send"]).status == 0)
        let messages = try smtp.messages()
        #expect(messages.count == 2)
        for message in messages {
            let mine = message["to"] as? String == "gogi@s.com" ? guest : host
            let other = mine == guest ? host : guest
            let event = try #require(((message["calendar"] as? [String: Any])?["events"] as? [[String: Any]])?.first)
            let whole = "\(message["text"] ?? "") \(event["location"] ?? "") \(event["description"] ?? "")"
            #expect(whole.contains(mine), "\(message["to"] ?? "")")
            #expect(!whole.contains(other), "\(message["to"] ?? "") sees \(other)")
        }
    }

    // MARK: 13: long subjects

    /// What was silently taken as something else is refused through the binary, naming its
    /// field and limit, and nothing is made (issue "serve under hostile load and input").
    @Test(arguments: [
        (["--rrule", "FREQ=DAILY;;;BYDAY=XX;INTERVAL=-5;COUNT=abc"], "--rrule: rrule 'FREQ=DAILY;;;BYDAY=XX;INTERVAL=-5;COUNT=abc': part 2"),
        (["--rrule", "FREQ=HOURLY;BYSECOND=0,10,20,30,40,50;COUNT=10"], "up to 144 occurrences a day"),
        (["--rrule", "FREQ=HOURLY;COUNT=1500000"], "--count: 1500000 occurrences; a series has at most 2000"),
        (["--repeat", "daily", "--count", "1900"], "--count: 1900 occurrences would run past 5 years"),
        (["--repeat", "daily", "--interval", "0"], "--interval: '0' is not a positive number"),
        (["--name", "Invoice\u{202E}fdp.exe"], "--name: format character U+202E is not allowed"),
    ])
    func hostileInputIsRefusedThroughTheBinary(extra: [String], message: String) throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        if extra.first == "--name" { arguments.removeSubrange(2...3) }
        let result = try cli.run(arguments + extra)
        #expect(result.status == 65 && result.stderr.contains(message), "\(result.status) \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line")
        #expect(try cli.run(["meeting", "list", "--format", "csv"]).stdout.split(separator: "\n").count <= 1, "nothing made")
    }

    @Test func aNameOfTheLongestKindIsSentWithAFoldedSubjectAndALongerOneIsRefused() throws {
        let mail = try MailSetup.start()
        defer { mail.stop() }
        // 200 characters (the limit of a name), in words: the subject folds over several lines.
        let name = String((0..<30).map { "Planning\($0)" }.joined(separator: " ").prefix(200))
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "Test-XRP")!] = name + "x"
        let refused = try mail.cli.run(arguments + ["--attendee", "gogi@s.com"])
        #expect(refused.status == 65 && refused.stderr.contains("--name: 201 characters; at most 200"), "\(refused.stderr)")
        arguments[arguments.firstIndex(of: name + "x")!] = name
        #expect(try mail.cli.run(arguments + ["--attendee", "gogi@s.com"]).status == 0)
        let send = try mail.cli.run(["notify", "send"])
        #expect(send.status == 0, "\(send.stderr)")
        let subjects = try mail.smtp.messages().compactMap { $0["subject"] as? String }
        #expect(subjects.count == 2)
        #expect(subjects.allSatisfy { $0.hasPrefix("Invitation: \(name) @ ") })
    }

    // MARK: 3

    @Test func anInjectedAddressFromTheCallBridgeNeverReachesSMTP() throws {
        var document = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: RunningSimulator.exampleSeedPath))) as! [String: Any]
        var users = document["users"] as! [[String: Any]]
        users[0]["email"] = "saiacano@s.com\r\nRCPT TO:<attacker@evil.example>"
        document["users"] = users
        let seed = NSTemporaryDirectory() + "seed-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: seed))
        let (sim, cli) = try setUp(seed: seed)
        defer { sim.stop() }
        let result = try cli.run(Self.create + ["--attendee", "gogi@s.com", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("user saiacano@s.com has an invalid email address"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let outbox = try cli.run(["notify", "list", "--format", "json"])
        #expect(outbox.stdout.contains("gogi@s.com") && !outbox.stdout.contains("attacker"))
    }

    // MARK: 4

    @Test func aPlainHTTPPeerOffThisMachineIsNeverAskedAndItsSpacesAreKept() async throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        _ = try create(cli, ["--start", "2020-01-06T09:00", "--key", "old"])
        _ = try await sim.client().create("/callBridges", [("name", "peer-b"), ("address", "http://192.0.2.2:18080")])
        let started = ContinuousClock.now
        let result = try cli.run(["cleanup", "run", "--format", "json"])
        #expect(ContinuousClock.now - started < .seconds(4), "the peer was contacted")
        #expect(result.status == 3, "\(result.stderr)")
        let report = try #require(try json(result.stdout) as? [String: Any])
        let skipped = try #require(report["skipped"] as? [[String: Any]])
        #expect((skipped.first?["reason"] as? String)?.contains("cannot check calls on peer-b") == true)
        #expect((report["deleted"] as? [Any])?.isEmpty == true)
        #expect(result.stderr.contains("plain http off this machine"))
    }

    // MARK: 5

    @Test func anUpdateAfterCleanupDeletedTheSpaceIsRefused() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let meeting = try create(cli, ["--start", "2020-01-06T09:00"])
        #expect(try cli.run(["cleanup", "run"]).status == 0)
        let update = try cli.run(["meeting", "update", meeting["id"] as! String, "--name", "Renamed"])
        #expect(update.status == 65)
        #expect(update.stderr.contains("no longer exists"))
        #expect(try cli.run(["notify", "list", "--format", "csv"]).stdout.contains("Renamed") == false)
    }

    // MARK: 6

    @Test func controlCharactersAreRefusedAtInputNamingTheField() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "Test-XRP")!] = "Board\u{1B}[2J\u{0B}"
        let result = try cli.run(arguments)
        #expect(result.status == 65)
        #expect(result.stderr == "cmsched: --name: control character U+001B is not allowed\n")
        #expect(try cli.run(["cleanup", "run"]).status == 0)
    }

    // MARK: 7

    @Test(arguments: [
        ("meeting list --format json >&-", 73), ("meeting list --format json > /dev/full", 73),
        ("meeting export --all --out - > /dev/full", 73), ("meeting create --input - <&-", 66),
        ("status --format json >&-", 73),
    ])
    func closedOrFullStreamsAreExitCodesNotCrashes(command: String, status: Int32) throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        _ = try create(cli)
        let result = try cli.shell("\"$CMSCHED\" \(command)")
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("cmsched: "))
    }

    // MARK: 8, 9

    @Test func aDurationOverTheFallBackKeepsItsLength() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "2030-12-02T09:00")!] = "2027-10-31T02:30"
        let result = try cli.run(arguments + ["--format", "json"])
        let meeting = try #require(try json(result.stdout) as? [String: Any])
        #expect(meeting["start"] as? String == "2027-10-31T02:30:00+02:00")
        #expect(meeting["end"] as? String == "2027-10-31T02:30:00+01:00")
    }

    @Test func jsonLinesWithCRLFAreAllCreated() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let line = #"{"name":"N","start":"2030-12-0DT09:00","duration":"30m","tz":"UTC","template":"CoSpaceTemp-Scheduler","organizer":"saiacano@s.com"}"#
        let text = (1...3).map { line.replacingOccurrences(of: "N", with: "Row \($0)").replacingOccurrences(of: "0D", with: "0\($0)") }
            .joined(separator: "\r\n") + "\r\n"
        let file = try cli.write("rows.jsonl", text)
        let result = try cli.run(["meeting", "create", "--input", file, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((try json(result.stdout) as? [Any])?.count == 3)
    }

    @Test func bulkInputIsReadFromAPipeOnStandardInput() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var csv = "key,name,start,duration,tz,template,organizer\n"
        for i in 1...3 { csv += "piped-\(i),Piped \(i),2030-12-0\(i)T09:00,30m,UTC,CoSpaceTemp-Scheduler,saiacano@s.com\n" }
        let result = try cli.run(["meeting", "create", "--input", "-", "--format", "csv"], stdin: csv)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(whereSeparator: \.isNewline).filter { $0.contains(",created,") }.count == 3, "\(result.stdout)")
        // Again from the pipe: nothing is made twice.
        let again = try cli.run(["meeting", "create", "--input", "-", "--format", "csv"], stdin: csv)
        #expect(again.status == 0)
        #expect(again.stdout.split(whereSeparator: \.isNewline).filter { $0.contains(",existing,") }.count == 3, "\(again.stdout)")
        // A broken quote on the pipe fails the whole input, naming stdin and the line.
        let broken = try cli.run(["meeting", "create", "--input", "-"], stdin: "name,start\n\"never closed,2030-12-01T09:00\n")
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("stdin:2: unbalanced quote"), "\(broken.stderr)")
    }

    // MARK: 11

    @Test func aDatabaseReachedThroughASymlinkTakesTheSameLock() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        _ = try create(cli)
        let real = cli.path("data/cmsched/cmsched.sqlite")
        let link = cli.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let held = try LockFile(beside: real, job: "cleanup run")
        defer { held.release() }
        let result = try cli.run(["cleanup", "run", "--db", link])
        #expect(result.status == 75)
        #expect(result.stderr.contains("is held by"))
    }

    // MARK: 12

    @Test(arguments: [("wrong-password", Int32(77)), ("unreachable", 69)])
    func aBulkRunWhereEveryRowFailedExitsWithTheCause(fault: String, status: Int32) throws {
        var (sim, cli) = try setUp()
        defer { sim.stop() }
        if fault == "wrong-password" {
            try cli.useSimulator(sim, caFile: try SimulatorProcess.pki.get().caFile, password: "wrong")
        } else {
            cli.environment["CMSCHED_CALLBRIDGE_URL"] = "https://127.0.0.1:1"
        }
        let file = try cli.write("rows.csv", "name,start\nA,2030-12-02T09:00\nB,2030-12-03T09:00\n")
        let result = try cli.run([
            "meeting", "create", "--input", file, "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
            "--duration", "1h", "--tz", "UTC",
        ])
        #expect(result.status == status, "\(result.stderr)")
    }

    // MARK: 13

    @Test func theDatabaseAndItsFolderArePrivate() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        _ = try create(cli)
        let file = try FileManager.default.attributesOfItem(atPath: cli.path("data/cmsched/cmsched.sqlite"))
        let folder = try FileManager.default.attributesOfItem(atPath: cli.path("data/cmsched"))
        #expect(file[.posixPermissions] as? Int == 0o600)
        #expect(folder[.posixPermissions] as? Int == 0o700)
    }

    @Test func exportIntoAMissingFolderExits73AndMakesNoFolder() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        _ = try create(cli)
        let result = try cli.run(["meeting", "export", "--all", "--out", cli.path("nonexistent/dir/x.ics")])
        #expect(result.status == 73)
        #expect(!FileManager.default.fileExists(atPath: cli.path("nonexistent")))
    }

    @Test func configChecksCertificatesAndTakesTOMLTypes() throws {
        let cli = try CLI()
        let garbage = try cli.write("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")
        let set = try cli.run(["config", "set", "callbridge.ca_file", garbage])
        #expect(set.status == 78)
        #expect(set.stderr.contains("not a valid X.509 certificate"))
        let config = try cli.write("config.toml", "[callbridge]\nconcurrency = 4\ntimeout = 45\n")
        let show = try cli.run(["config", "show", "--config", config, "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("\"45s\""))
    }

    @Test func bulkInputFaultsAreNamedByLineAndKeepTheGoodRows() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let twice = try cli.write("twice.csv", "name,start,name\nA,2030-12-02T09:00,B\n")
        let duplicate = try cli.run(["meeting", "create", "--input", twice])
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr == "cmsched: \(twice):1: column 'name' appears twice in the header\n")
        var bytes = Data("name,start\nGood,2030-12-02T09:00\nBad".utf8)
        bytes.append(contentsOf: [0xC3, 0x28])
        bytes.append(Data(",2030-12-03T09:00\n".utf8))
        let mixed = cli.path("mixed.csv")
        try bytes.write(to: URL(fileURLWithPath: mixed))
        let result = try cli.run([
            "meeting", "create", "--input", mixed, "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
            "--duration", "1h", "--tz", "UTC", "--format", "json",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("\(mixed):3: not UTF-8 text"))
        #expect(try cli.run(["meeting", "list", "--format", "csv"]).stdout.contains("Good"))
    }

    @Test func anErrorMessageIsOneLineWhateverTheInputHeld() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let result = try cli.run(["meeting", "show", "no\r\nsuch"])
        #expect(result.status == 66)
        #expect(result.stderr == "cmsched: no meeting 'no\\r\\nsuch'\n")
    }

    // MARK: authorization

    @Test func aTemplateNotAssignedToTheOrganizerExits77UnlessOverridden() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        var arguments = Self.create
        arguments[arguments.firstIndex(of: "saiacano@s.com")!] = "ivrman@s.com"
        let refused = try cli.run(arguments)
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("template 'CoSpaceTemp-Scheduler' is not assigned to ivrman@s.com"))
        let allowed = try cli.run(arguments + ["--any-template", "--format", "json"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect((try json(allowed.stdout) as? [String: Any])?["override"] as? String == "any-template")
    }

    @Test func anExistingSpaceIsBookedOnlyByAMember() throws {
        let (sim, cli) = try setUp()
        defer { sim.stop() }
        let booking = [
            "meeting", "create", "--name", "Sync", "--organizer", "gogi@s.com", "--space", "saiacano.space",
            "--start", "2030-12-02T09:00", "--duration", "1h", "--tz", "UTC",
        ]
        #expect(try cli.run(booking).status == 77)
        #expect(try cli.run(booking + ["--any-space"]).status == 0)
    }
}

extension CLI {
    /// Runs a shell command line with `$CMSCHED` naming the built binary (for stream redirections).
    func shell(_ command: String) throws -> Result {
        var copy = self
        copy.environment["CMSCHED"] = Self.productsDirectory.appendingPathComponent("cmsched").path
        return try copy.run(["-c", command], tool: "/bin/sh")
    }
}
