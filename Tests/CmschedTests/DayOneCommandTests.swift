import Foundation
import SchedulerKit
import Testing
import TestSupport

/// What a new admin does on the first day: times as people write them, ad-hoc meetings, the
/// organizer's role, suggestions for misspelled names (issue 31), through the binary.
@Suite("a CMS admin's first day, through the binary", .serialized)
struct DayOneCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `meeting create --dry-run` of a meeting starting at `start` in `zone`, "now" being `now`.
    func planned(_ cli: CLI, start: String, zone: String, now: String?, extra: [String] = ["--duration", "30m"]) throws -> CLI.Result {
        var cli = cli
        cli.environment["CMSCHED_NOW"] = now
        return try cli.run([
            "meeting", "create", "--name", "Times", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
            "--start", start, "--tz", zone, "--dry-run", "--format", "json",
        ] + extra)
    }

    @Test func everyFormOfTimeResolvesInTheMeetingsZoneIncludingDSTDays() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        // Saturday 28 March 2026, 10:00 UTC: Berlin is at +01:00 and moves to +02:00 at 02:00 tomorrow.
        let now = "2026-03-28T10:00:00Z"
        let cases: [(String, String)] = [
            ("2026-03-30T09:00", "2026-03-30T09:00:00+02:00"),
            ("2026-03-30 09:00", "2026-03-30T09:00:00+02:00"),
            ("2026-03-30T07:00:00Z", "2026-03-30T09:00:00+02:00"),
            ("now", "2026-03-28T11:00:00+01:00"),
            ("+30m", "2026-03-28T11:30:00+01:00"),
            ("+1h30m", "2026-03-28T12:30:00+01:00"),
            // Elapsed time: 24 hours later is an hour later on the clock across the change.
            ("+1d", "2026-03-29T12:00:00+02:00"),
            ("today 14:00", "2026-03-28T14:00:00+01:00"),
            ("Tomorrow 9:30", "2026-03-29T09:30:00+02:00"),
            // The hour the clocks skip moves forward by the gap.
            ("tomorrow 2:30", "2026-03-29T03:30:00+02:00"),
            ("2026-03-29 02:30", "2026-03-29T03:30:00+02:00"),
            ("monday 10:00", "2026-03-30T10:00:00+02:00"),
            // The next Saturday after today, not today.
            ("sat 10am", "2026-04-04T10:00:00+02:00"),
            ("10am", "2026-03-28T10:00:00+01:00"),
            ("3:30pm", "2026-03-28T15:30:00+01:00"),
            ("12am", "2026-03-28T00:00:00+01:00"),
            ("12pm", "2026-03-28T12:00:00+01:00"),
            ("14:05", "2026-03-28T14:05:00+01:00"),
        ]
        for (text, expected) in cases {
            let result = try planned(cli, start: text, zone: "Europe/Berlin", now: now)
            #expect(result.status == 0, "\(text): \(result.stderr)")
            #expect(try json(result.stdout)["start"] as? String == expected, "\(text)")
        }
        // The day the clocks go back: 02:30 comes twice, and the first is meant.
        let back = try planned(cli, start: "sunday 2:30", zone: "Europe/Berlin", now: "2026-10-24T10:00:00Z")
        #expect(try json(back.stdout)["start"] as? String == "2026-10-25T02:30:00+02:00")
    }

    @Test func nowIsTheZonesOwnDayFarFromUTC() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        // 10:00 UTC on the 28th is midnight of the 29th in Kiritimati (+14) and 23:00 on the 27th in Niue (-11).
        let now = "2026-03-28T10:00:00Z"
        for (zone, text, expected) in [
            ("Pacific/Kiritimati", "now", "2026-03-29T00:00:00+14:00"),
            ("Pacific/Kiritimati", "today 9:00", "2026-03-29T09:00:00+14:00"),
            ("Pacific/Niue", "today 9:00", "2026-03-27T09:00:00-11:00"),
            ("Pacific/Niue", "tomorrow 9:00", "2026-03-28T09:00:00-11:00"),
        ] {
            let result = try planned(cli, start: text, zone: zone, now: now)
            #expect(result.status == 0, "\(zone) \(text): \(result.stderr)")
            #expect(try json(result.stdout)["start"] as? String == expected, "\(zone) \(text)")
        }
        // The real clock when CMSCHED_NOW is not set.
        let before = Date()
        let live = try planned(cli, start: "now", zone: "Pacific/Kiritimati", now: nil, extra: [])
        let start = try #require(RFC3339.parse(try json(live.stdout)["start"] as? String ?? ""))
        #expect(start >= before.addingTimeInterval(-1) && start <= Date())
        #expect((try json(live.stdout)["start"] as? String)?.hasSuffix("+14:00") == true)
    }

    @Test func anythingElseIsRefusedNamingTheFlagAndTheForms() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        for text in ["next week", "25:00", "13pm", "+", "+5x", "mo 10:00", "tomorrow", "2026-02-30 10:00", "10:60", "+1:00"] {
            let result = try planned(cli, start: text, zone: "Europe/Berlin", now: "2026-03-28T10:00:00Z")
            #expect(result.status == 65, "\(text)")
            #expect(result.stderr.hasPrefix("cmsched: --start: '\(text)' is "), "\(text): \(result.stderr)")
            #expect(result.stderr.contains("2026-12-08 10:00") || result.stderr.contains("give a time of day"), "\(text)")
        }
        let untilBad = try planned(cli, start: "now", zone: "UTC", now: nil, extra: ["--repeat", "daily", "--until", "soon"])
        #expect(untilBad.status == 65)
        #expect(untilBad.stderr.hasPrefix("cmsched: --until: 'soon' is not a time; use "))
        let list = try cli.run(["meeting", "list", "--from", "yesterday-ish"])
        #expect(list.status == 65)
        #expect(list.stderr.hasPrefix("cmsched: --from: 'yesterday-ish' is not a date or time; use "))
        #expect(try cli.run(["meeting", "list", "--tz", "Mars/Olympus"]).status == 65)
    }

    @Test func startNowSchedulesAnAdHocMeetingOfAnHourWithItsJoinDetails() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let result = try cli.run([
            "meeting", "create", "--name", "Ad hoc", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
            "--start", "now", "--tz", "Asia/Tokyo",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("created meeting "))
        let id = String(result.stdout.split(separator: "\n")[0].split(separator: " ")[2])
        let shown = try json(try cli.run(["meeting", "show", id, "--format", "json"]).stdout)
        let start = try #require(RFC3339.parse(shown["start"] as? String ?? ""))
        let end = try #require(RFC3339.parse(shown["end"] as? String ?? ""))
        #expect(end.timeIntervalSince(start) == 3_600)
        #expect(abs(start.timeIntervalSinceNow) < 120)
        // Printed at once: each role's call ID is in what create printed.
        let details = try #require(shown["joinDetails"] as? [[String: Any]])
        #expect(!details.isEmpty)
        for detail in details { #expect(result.stdout.contains(detail["callId"] as? String ?? "?"), "\(result.stdout)") }
        // The space exists on the Call Bridge already.
        let space = try #require(shown["space"] as? [String: Any])
        #expect(try await sim.client().coSpaces().contains { $0.id == space["id"] as? String })
        // Another start without an end or a duration is still refused.
        let noLength = try cli.run([
            "meeting", "create", "--name", "Later", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
            "--start", "+1h",
        ])
        #expect(noLength.status == 65)
        #expect(noLength.stderr == "cmsched: --end: give an end or a duration\n")
    }

    @Test func aBulkFileOfRelativeTimesIsANewDayWhenReRunTomorrow() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let csv = try cli.write("standup.csv", """
            name,start,duration,tz,template,organizer
            Standup,tomorrow 9:30,15m,Europe/Berlin,CoSpaceTemp-Scheduler,saiacano@s.com

            """)
        func run(_ now: String, _ extra: [String] = []) throws -> [String: Any] {
            var cli = cli
            cli.environment["CMSCHED_NOW"] = now
            let result = try cli.run(["meeting", "create", "--input", csv, "--format", "json"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return rows[0]
        }
        let planned = try run("2026-12-07T08:00:00Z", ["--dry-run"])
        #expect(planned["start"] as? String == "2026-12-08T09:30:00+01:00")
        #expect(try run("2026-12-07T08:00:00Z")["status"] as? String == "created")
        #expect(try run("2026-12-07T20:00:00Z")["status"] as? String == "existing")
        let nextDay = try run("2026-12-08T08:00:00Z")
        #expect(nextDay["status"] as? String == "created")
        #expect(nextDay["start"] as? String == "2026-12-09T09:30:00+01:00")
    }

    @Test func listWindowsIncludeTheirLastDayAndShowOneZone() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        for (name, start) in [("Mon", "2030-12-02T09:00"), ("Sun", "2030-12-08T23:30"), ("NextMon", "2030-12-09T00:00")] {
            let made = try cli.run([
                "meeting", "create", "--name", name, "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
                "--start", start, "--duration", "15m", "--tz", "Europe/Berlin",
            ])
            #expect(made.status == 0, "\(made.stderr)")
        }
        func names(_ arguments: [String]) throws -> [String] {
            let result = try cli.run(["meeting", "list", "--format", "json"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return rows.compactMap { $0["name"] as? String }
        }
        let week = ["--from", "2030-12-02", "--until", "2030-12-08", "--tz", "Europe/Berlin"]
        #expect(try names(week) == ["Mon", "Sun"])
        #expect(try names(week + ["--expand"]) == ["Mon", "Sun"])
        // A time as the end is excluded.
        #expect(try names(["--from", "2030-12-02", "--until", "2030-12-08 23:30", "--tz", "Europe/Berlin"]) == ["Mon"])
        // Every row in one zone.
        let result = try cli.run(["meeting", "list", "--tz", "America/New_York", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["start"] as? String } == ["2030-12-02T03:00:00-05:00", "2030-12-08T17:30:00-05:00", "2030-12-08T18:00:00-05:00"])
        #expect(rows.map { $0["timeZone"] as? String } == ["Europe/Berlin", "Europe/Berlin", "Europe/Berlin"])
    }

    // MARK: the organizer's role

    static let book = [
        "meeting", "create", "--name", "Board", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
        "--start", "2030-12-02T09:00", "--duration", "1h", "--tz", "Europe/Berlin", "--attendee", "gogi@s.com=ExternalAccessMeth",
        "--format", "json",
    ]

    @Test func withoutADefaultAccessMethodTheOrganizerJoinsByTheSpaceNeverAsAGuest() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        // The TechNote's template: ExternalAccessMeth ($.guest) first, no defaultAccessMethodTemplate.
        let made = try cli.run(Self.book)
        #expect(made.status == 0, "\(made.stderr)")
        let meeting = try json(made.stdout)
        #expect(meeting["organizerRole"] as? String == "space")
        #expect(meeting["organizerRoleRule"] as? String == "space")
        let details = try #require(meeting["joinDetails"] as? [[String: Any]])
        let own = try #require(details.first { $0["role"] as? String == "space" })
        let space = try #require(meeting["space"] as? [String: Any])
        #expect(own["sipUri"] as? String == space["uri"] as? String)
        #expect(own["callId"] as? String == space["callId"] as? String)
        #expect((own["sipUri"] as? String)?.contains(".guest") == false)
        // The coSpace on the Call Bridge has that URI and call ID.
        let coSpace = try await sim.client().coSpace(id: space["id"] as? String ?? "")
        #expect(coSpace.uri == space["uri"] as? String && coSpace.callId == space["callId"] as? String)
        let shown = try cli.run(["meeting", "show", meeting["id"] as? String ?? ""])
        #expect(shown.stdout.contains("saiacano@s.com (space: the space's own URI and call ID (no default access method))"), "\(shown.stdout)")
        // An attendee still gets the role named for them, and a role named for the organizer is kept.
        #expect((meeting["attendees"] as? [[String: Any]])?.first?["roleName"] as? String == "ExternalAccessMeth")
        let given = try json(try cli.run(Self.book.map { $0 == "Board" ? "Given" : $0 } + ["--organizer-role", "InternalAccessMeth"]).stdout)
        #expect(given["organizerRole"] as? String == "InternalAccessMeth" && given["organizerRoleRule"] as? String == "given")
    }

    @Test func theTemplatesDefaultAccessMethodIsTheOrganizers() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let client = try sim.client()
        let template = try await client.coSpaceTemplate(reference: "CoSpaceTemp-Scheduler")
        let host = try #require(try await client.accessMethodTemplates(template: template.id).first { $0.name == "InternalAccessMeth" })
        try await client.update("/coSpaceTemplates/\(template.id)", [("defaultAccessMethodTemplate", host.id)])
        #expect(try await client.coSpaceTemplate(id: template.id).defaultAccessMethodTemplate == host.id)
        let meeting = try json(try cli.run(Self.book).stdout)
        #expect(meeting["organizerRole"] as? String == "InternalAccessMeth")
        #expect(meeting["organizerRoleRule"] as? String == "template-default")
        // No `space` role was added: nobody joins by it.
        #expect((meeting["joinDetails"] as? [[String: Any]])?.map { $0["roleName"] as? String } == ["ExternalAccessMeth", "InternalAccessMeth"])
        let shown = try json(try cli.run(["template", "show", "CoSpaceTemp-Scheduler", "--format", "json"]).stdout)
        #expect(shown["defaultAccessMethod"] as? String == "InternalAccessMeth")
        // The Call Bridge refuses a default that is not one of the template's access method templates.
        await #expect(throws: (any Error).self) {
            try await client.update("/coSpaceTemplates/\(template.id)", [("defaultAccessMethodTemplate", template.id)])
        }
    }

    @Test func templateCreateSetsTheDefaultAccessMethod() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let create = ["template", "create", "--name", "Hosted", "--access-method", "Guest:$.guest::unique-callid",
                      "--access-method", "Host:$.host", "--format", "json"]
        let made = try cli.run(create + ["--default-access-method", "Host"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try json(made.stdout)["defaultAccessMethod"] as? String == "Host")
        #expect(try cli.run(create + ["--default-access-method", "Host"]).stderr.contains("already exists"))
        #expect(try cli.run(create).status == 65, "another default is other settings")
        let wrong = try cli.run(create.map { $0 == "Hosted" ? "Other" : $0 } + ["--default-access-method", "Hots"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("did you mean Host?"), "\(wrong.stderr)")
    }

    // MARK: suggestions

    @Test(arguments: [
        (["--template", "CoSpaceTemp-Schedulr"], "--template: 'CoSpaceTemp-Schedulr' is not a coSpaceTemplate on the Call Bridge; did you mean CoSpaceTemp-Scheduler? (see cmsched template list)"),
        (["--organizer", "saiacano@s.co"], "--organizer: 'saiacano@s.co' is not a user on the Call Bridge; did you mean saiacano@s.com?"),
        (["--attendee", "ivr@s.com=InternalAcessMeth"], "--attendee: role 'InternalAcessMeth' is not one of: ExternalAccessMeth, InternalAccessMeth, space; did you mean InternalAccessMeth?"),
        (["--organizer-role", "externalaccess"], "did you mean ExternalAccessMeth?"),
    ])
    func aMisspelledNameSuggestsTheNearestAndExits66(change: [String], message: String) throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        var arguments = Self.book
        if let index = arguments.firstIndex(of: change[0]), change[0] != "--attendee" {
            arguments[index + 1] = change[1]
        } else {
            arguments += change
        }
        let result = try cli.run(arguments)
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try cli.run(["meeting", "list", "--format", "csv"]).stdout.split(separator: "\n").count <= 1, "nothing made")
    }

    @Test func aMisspelledSubcommandSuggestsTheRightOne() throws {
        let cli = try CLI()
        let plural = try cli.run(["meetings", "list"])
        #expect(plural.status == 64)
        #expect(plural.stderr == "cmsched: unknown command 'meetings' for cmsched; did you mean meeting? (see cmsched --help)\n")
        let nested = try cli.run(["template", "lsit"])
        #expect(nested.status == 64 && nested.stderr.contains("did you mean list?"), "\(nested.stderr)")
        #expect(try cli.run(["meeting", "list", "--help"]).status == 0)
        #expect(try cli.run(["frobnicate"]).stderr == "cmsched: unknown command 'frobnicate' for cmsched (see cmsched --help)\n")
    }

    @Test func deleteSaysWhatBecameOfTheSpaceAndPrintsNoJoinDetails() async throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        let meeting = try json(try cli.run(Self.book).stdout)
        let id = meeting["id"] as? String ?? ""
        let space = try #require(meeting["space"] as? [String: Any])
        let deleted = try cli.run(["meeting", "delete", id])
        #expect(deleted.status == 0)
        #expect(deleted.stdout == "deleted meeting \(id) (space Board deleted)\n")
        #expect(try await sim.client().coSpaces().contains { $0.id == space["id"] as? String } == false)
        let shown = try json(try cli.run(["meeting", "show", id, "--format", "json"]).stdout)
        #expect((shown["joinDetails"] as? [Any])?.isEmpty == true)
    }

    // MARK: one configuration for the CLI and the daemon

    @Test func configSetSystemWritesTheFileEveryCommandReads() throws {
        var cli = try CLI()
        let system = cli.home.appendingPathComponent("etc/cmsched/config.toml").path
        cli.environment["CMSCHED_SYSTEM_CONFIG"] = system
        let database = cli.home.appendingPathComponent("var/lib/cmsched/cmsched.sqlite").path
        let set = try cli.run(["config", "set", "--system", "store.url", database])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stderr.contains("(\(system))"), "names the file written")
        let attributes = try FileManager.default.attributesOfItem(atPath: system)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        // No user file was written; every command reads the system one.
        #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("config/cmsched/config.toml").path))
        #expect(try cli.run(["config", "get", "store.url"]).stdout == database + "\n")
        let status = try cli.run(["status", "--offline", "--format", "json"])
        #expect(status.stdout.contains(database), "\(status.stdout)")
        #expect(FileManager.default.fileExists(atPath: database), "the daemon's database, not one under the user's home")
        // `config set` without --system writes the user's file, starting from the system settings.
        #expect(try cli.run(["config", "set", "cleanup.at", "02:00"]).status == 0)
        let user = try String(contentsOfFile: cli.home.appendingPathComponent("config/cmsched/config.toml").path, encoding: .utf8)
        #expect(user.contains(database) && user.contains("02:00"))
        #expect(try !String(contentsOfFile: system, encoding: .utf8).contains("02:00"))
        #expect(try cli.run(["config", "unset", "--system", "store.url"]).status == 0)
        #expect(try !String(contentsOfFile: system, encoding: .utf8).contains(database))
    }

    // MARK: the simulator

    @Test func simTLSDirIsMadeWhenEmptyAndKeptForTheNextStart() async throws {
        let cli = try CLI()
        let folder = cli.home.appendingPathComponent("sim-tls").path
        let first = try SimulatorProcess(arguments: ["--seed", RunningSimulator.exampleSeedPath, "--tls-dir", folder])
        #expect(first.tlsDirectory == folder)
        #expect(first.startupLines.contains("user schedapi cms-sim-api-password"), "\(first.startupLines)")
        let made = try Set(FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(made == ["ca.pem", "server.pem", "server.key", "client.pem", "client.key"])
        // cmsched trusts it with the CA it made.
        var configured = cli
        try configured.useSimulator(first, caFile: folder + "/ca.pem")
        #expect(try configured.run(["template", "list"]).status == 0)
        first.stop()
        let ca = try String(contentsOfFile: folder + "/ca.pem", encoding: .utf8)
        let second = try SimulatorProcess(arguments: ["--seed", RunningSimulator.exampleSeedPath, "--tls-dir", folder])
        defer { second.stop() }
        #expect(second.tlsDirectory == nil, "nothing made the second time")
        #expect(try String(contentsOfFile: folder + "/ca.pem", encoding: .utf8) == ca, "kept")
        try configured.useSimulator(second, caFile: folder + "/ca.pem")
        #expect(try configured.run(["template", "list"]).status == 0)
    }

    // MARK: timed logging

    @Test func logSetRaisesAComponentInTheRunningServeAndItFallsBackByItself() async throws {
        let (sim, cli, serve, base) = try await ServeProcess.startWithHTTPS()
        defer { sim.stop() }
        // Every line names its component.
        #expect(serve.text.contains("component=webbridge"), "\(serve.text)")
        let idle = try json(try cli.run(["log", "show", "--format", "json"]).stdout)
        #expect((idle["timed"] as? [Any])?.isEmpty == true)
        let set = try cli.run(["log", "set", "webbridge", "debug", "--for", "3s", "--format", "json"])
        #expect(set.status == 0, "\(set.stderr)")
        let timed = try #require((try json(set.stdout)["timed"] as? [[String: Any]])?.first)
        #expect(timed["component"] as? String == "webbridge" && timed["level"] as? String == "debug")
        // The shape docs/output.md gives.
        let documented = try #require(try OutputContractTests.documented()["log"])
        #expect(try json(set.stdout).keys.sorted() == documented["json"])
        #expect(timed.keys.sorted() == documented["json.timed"])
        let csv = try cli.run(["log", "show", "--format", "csv"]).stdout
        #expect(csv.hasPrefix((documented["csv"] ?? []).joined(separator: ",") + "\r\n"), "\(csv)")
        #expect(try await serve.waitFor("log level of webbridge set to debug"))

        let bridge = try #require(try await sim.webBridgeIDs().first)
        func ask() async throws {
            let reply = try await sim.control(
                "POST", "/webBridges/\(bridge)/request", json: ["user": "saiacano@s.com", "op": "templates.list", "body": [:]])
            #expect(reply.status == 200)
        }
        let asked = "request templates.list from saiacano@s.com"
        try await ask()
        #expect(try await serve.waitFor(asked), "\(serve.text)")
        #expect(serve.text.components(separatedBy: "\n").contains { $0.contains(asked) && $0.contains("debug") && $0.contains("component=webbridge") })
        // Three seconds later the level is serve's own again, with nothing asked.
        try await Task.sleep(for: .seconds(3.5))
        #expect((try json(try cli.run(["log", "show", "--format", "json"]).stdout)["timed"] as? [Any])?.isEmpty == true)
        try await ask()
        try await Task.sleep(for: .milliseconds(500))
        #expect(serve.text.components(separatedBy: "\n").filter { $0.contains(asked) }.count == 1, "no debug line after the time is up")

        // The same over HTTPS, for admins only; a wrong component is named.
        #expect(try cli.shell("printf 'ops-secret-12\\n' | \"$CMSCHED\" user add ops --role admin").status == 0)
        #expect(try cli.shell("printf 'look-secret-1\\n' | \"$CMSCHED\" user add look --role viewer").status == 0)
        let caFile = try SimulatorProcess.pki.get().caFile
        func client(_ user: String, _ password: String) -> CurlTransport {
            CurlTransport(options: CurlOptions(caFile: caFile, user: user, password: password))
        }
        let change = HTTPClientRequest(
            method: "PUT", url: base + "/api/v1/scheduler/logging",
            body: Data(#"{"component":"api","level":"debug","for":"1m"}"#.utf8), headers: ["Content-Type": "application/json"])
        // `portal` is a scheduler (a new user's role), `look` a viewer: both may read, neither change.
        #expect(try await client("portal", "portal-secret-1").send(change).status == 403)
        #expect(try await client("look", "look-secret-1").send(change).status == 403)
        #expect(try await client("look", "look-secret-1").send(HTTPClientRequest(method: "GET", url: base + "/api/v1/scheduler/logging")).status == 200)
        let viewerCreate = try await client("look", "look-secret-1").send(HTTPClientRequest(
            method: "POST", url: base + "/api/v1/scheduler/meetings", body: Data("{}".utf8), headers: ["Content-Type": "application/json"]))
        #expect(viewerCreate.status == 403, "a viewer makes no meeting")
        let users = try cli.run(["user", "list", "--format", "csv"]).stdout
        #expect(users.contains("look,viewer,") && users.contains("ops,admin,") && users.contains("portal,scheduler,"), "\(users)")
        let https = client("ops", "ops-secret-12")
        let put = try await https.send(change)
        #expect(put.status == 200, "\(String(decoding: put.body, as: UTF8.self))")
        _ = try await https.send(HTTPClientRequest(method: "GET", url: base + "/api/v1/scheduler/templates"))
        #expect(try await serve.waitFor("GET /api/v1/scheduler/templates: 200"), "\(serve.text)")
        #expect(try cli.run(["log", "show"]).stdout.contains("api"))
        let reset = try cli.run(["log", "reset", "api", "--format", "json"])
        #expect((try json(reset.stdout)["timed"] as? [Any])?.isEmpty == true)
        let wrong = try cli.run(["log", "set", "webbrige", "debug"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.hasPrefix("cmsched: component: 'webbrige' is not one of webbridge, api, email, callbridge, store"), "\(wrong.stderr)")
        #expect(try cli.run(["log", "set", "api", "debug", "--for", "2d"]).status == 65)
        let anonymous = try await CurlTransport(options: CurlOptions(caFile: caFile)).send(
            HTTPClientRequest(method: "GET", url: base + "/api/v1/scheduler/logging"))
        #expect(anonymous.status == 401)

        // The control socket is the serve user's alone, and gone when serve stops.
        let socket = cli.path("data/cmsched/cmsched.sqlite.control")
        #expect((try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int) == 0o600)
        serve.process.terminate()
        serve.process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: socket))
        let none = try cli.run(["log", "show"])
        #expect(none.status == 69 && none.stderr.contains("no serve of this store is running on this host"), "\(none.stderr)")
    }
}
