import Foundation
import SchedulerKit
import Testing
import CallBridgeSim
import TestSupport

/// Random meetings (names of any Unicode, control characters included; times across and beyond
/// the supported range and at DST edges; random repeat rules; good and bad addresses) through
/// create → list → export → cleanup → notify, against cms-sim and a real SMTP server, on each
/// store engine.
/// `CMSCHED_PROPERTY_CASES` (default 4) and `CMSCHED_PROPERTY_SEED` (a number, or `random`;
/// default a fixed seed) choose the run.
@Suite("property: random meetings never crash or poison the store", .serialized)
struct PropertyTests {
    /// The exit codes `docs/exit-codes.md` documents.
    static let documented: Set<Int32> = [0, 3, 64, 65, 66, 69, 70, 73, 74, 75, 76, 77, 78, 130]

    @Test(arguments: StoreEngine.allCases)
    func randomMeetingsKeepEveryCommandWorking(engine: StoreEngine) throws {
        let environment = ProcessInfo.processInfo.environment
        let cases = Int(environment["CMSCHED_PROPERTY_CASES"] ?? "") ?? 4
        // A fixed seed by default, so a CI run is repeatable; CMSCHED_PROPERTY_SEED=random explores.
        let seedText = environment["CMSCHED_PROPERTY_SEED"] ?? "20261202"
        let seed = seedText == "random" ? UInt64(Date().timeIntervalSince1970) : UInt64(seedText) ?? 20_261_202
        var random = SplitMix64(seed: seed)
        let mail = try MailSetup.start()
        defer { mail.stop() }
        var cli = mail.cli
        if engine == .postgres {
            for (name, value) in try TestStores.postgresEnvironment(try TestStores.freshPostgresURL()) { cli.environment[name] = value }
        }
        var created = 0
        defer { #expect(created > 0, "seed \(seed): no random row was valid, so nothing past input checks was tried") }
        for index in 0..<cases {
            let context = "seed \(seed), case \(index)"
            let rows = (0..<10).map { _ in MeetingGenerator.row(&random) }
            let file = try cli.write("case-\(index).csv", MeetingGenerator.csv(rows))
            let create = try cli.run(["meeting", "create", "--input", file, "--format", "json"])
            try check(create, context: "\(context): create", allowed: [0, 3, 65, 77])
            let reports = (try? JSONSerialization.jsonObject(with: Data(create.stdout.utf8)) as? [[String: Any]]) ?? []
            created += reports.filter { $0["status"] as? String == "created" }.count

            let update = try cli.run(["meeting", "list", "--format", "json", "--max", "1"])
            try check(update, context: "\(context): list", allowed: [0])
            if let first = (try? JSONSerialization.jsonObject(with: Data(update.stdout.utf8)) as? [[String: Any]])?.first,
                let id = first["id"] as? String
            {
                let edit = try cli.run(["meeting", "update", id, "--name", MeetingGenerator.name(&random)])
                try check(edit, context: "\(context): update", allowed: [0, 65])
            }
            for arguments in [
                ["meeting", "list", "--format", "csv"],
                ["meeting", "list", "--expand", "--from", "2025-01-01", "--until", "2031-01-01", "--format", "json"],
                ["meeting", "export", "--all", "--out", "-"],
                ["meeting", "export", "--all", "--out", "-", "--all-roles"],
            ] {
                let result = try cli.run(arguments)
                try check(result, context: "\(context): \(arguments.joined(separator: " "))", allowed: [0])
                #expect(result.stderr.isEmpty, "\(context): \(arguments.joined(separator: " ")): \(result.stderr)")
            }
            let export = try cli.run(["meeting", "export", "--all", "--out", "-"])
            #expect((try? ICalendarReader.events(export.stdout)) != nil, "\(context): export does not parse back")
            let cleanup = try cli.run(["cleanup", "run", "--now", MeetingGenerator.cleanupTime(&random), "--format", "json"])
            try check(cleanup, context: "\(context): cleanup", allowed: [0])
            let send = try cli.run(["notify", "send", "--format", "json"])
            try check(send, context: "\(context): notify send", allowed: [0, 3])
            let outbox = try cli.run(["notify", "list", "--format", "json"])
            try check(outbox, context: "\(context): notify list", allowed: [0])
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]])
            for entry in entries {
                let state = entry["state"] as? String ?? ""
                #expect(["sent", "dead", "superseded"].contains(state), "\(context): outbox row left \(state)")
                if state == "dead" { #expect((entry["lastError"] as? String)?.isEmpty == false, "\(context): dead without reason") }
            }
        }
    }

    private func check(_ result: CLI.Result, context: String, allowed: Set<Int32>) throws {
        #expect(!result.crashed, "\(context): crashed with signal \(result.status)")
        #expect(Self.documented.contains(result.status), "\(context): undocumented exit \(result.status)")
        #expect(allowed.contains(result.status), "\(context): exit \(result.status): \(result.stderr) \(result.stdout.prefix(3000))")
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("cmsched: ") || $0.contains(" warning ") },
                "\(context): stderr lines: \(result.stderr)")
    }
}

/// Random meeting rows for bulk input.
enum MeetingGenerator {
    static let columns = ["name", "start", "duration", "tz", "rrule", "template", "organizer", "organizer_role", "attendees"]

    /// One row: each field is a good value most of the time and anything (often bad) otherwise,
    /// so most rows reach the Call Bridge and the bad ones are of every kind.
    static func row(_ random: inout SplitMix64) -> [String] {
        func either(_ good: [String], _ any: [String]) -> String {
            Int.random(in: 0..<8, using: &random) == 0 ? pick(any, &random) : pick(good, &random)
        }
        let zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]
        return [
            name(&random), start(&random),
            either(["15m", "1h", "90m", "1h30m", "2d"], ["0m", "25h", "99999999999999h", "1x", ""]),
            either(zones, ["Nowhere/City", "CET", "", "Europe/Berlin\u{0}"]),
            rule(&random), "CoSpaceTemp-Scheduler",
            either(["saiacano@s.com", "gogi@s.com"], ["nobody@s.com", "ivrman@s.com", "not a jid"]),
            either(["", "InternalAccessMeth", "ExternalAccessMeth"], ["NoSuchRole"]), attendees(&random),
        ]
    }

    /// Names from every kind of character: ASCII, accents, CJK, emoji, RTL, combining marks,
    /// quotes and commas, and control characters (C0, DEL, C1).
    static func name(_ random: inout SplitMix64) -> String {
        let pools: [[Unicode.Scalar]] = [
            Array("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789".unicodeScalars),
            Array("éüßçñøÅ–—’\"',;:<>&=".unicodeScalars),
            Array("会議東京日本語한국어".unicodeScalars), Array("😀🎉👩‍💻🇩🇪".unicodeScalars),
            Array("مرحبا שלום\u{200F}\u{202E}".unicodeScalars), Array("e\u{301}\u{308}\u{20DD}".unicodeScalars),
            (0..<32).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0x7F)!, Unicode.Scalar(0x85)!, Unicode.Scalar(0x9B)!],
        ]
        let length = Int.random(in: 1...40, using: &random)
        var text = String.UnicodeScalarView()
        for _ in 0..<length {
            // Control characters are rarer, so most rows get through to the Call Bridge.
            let pool = pools[Int.random(in: 0..<(Int.random(in: 0..<60, using: &random) == 0 ? pools.count : pools.count - 1), using: &random)]
            text.append(pool[Int.random(in: 0..<pool.count, using: &random)])
        }
        return String(text)
    }

    /// Local start times: across and beyond 1970–2200, and at the DST changes of Europe and the US.
    static func start(_ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return pick(["1969-12-31T23:00", "9999-12-31T23:30", "2199-12-31T23:30", "1970-01-01T00:00", "0000-01-01T00:00"], &random)
        case 1: return pick(["2027-10-31T02:30", "2027-03-28T02:30", "2027-11-07T01:30", "2027-03-14T02:30", "2026-10-25T02:59"], &random)
        case 2: return pick(["2026-02-30T09:00", "2026-13-01T09:00", "tomorrow", "2026-12-01T24:00", ""], &random)
        default:
            let year = Int.random(in: 2020...2035, using: &random)
            return String(
                format: "%04d-%02d-%02dT%02d:%02d", year, Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random),
                Int.random(in: 0...23, using: &random), pick([0, 15, 30, 45], &random))
        }
    }

    static func rule(_ random: inout SplitMix64) -> String {
        pick([
            "", "", "", "", "", "FREQ=DAILY;COUNT=5", "FREQ=WEEKLY;COUNT=4", "FREQ=DAILY;COUNT=5", "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=6",
            "FREQ=YEARLY;COUNT=300", "FREQ=WEEKLY;UNTIL=21000101T000000Z", "FREQ=DAILY;UNTIL=22500101T000000Z",
            "FREQ=SECONDLY", "FREQ=HOURLY;COUNT=3", "FOO=BAR", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=DAILY;INTERVAL=0",
            "FREQ=WEEKLY", "FREQ=DAILY;COUNT=2000000000",
        ], &random)
    }

    static func attendees(_ random: inout SplitMix64) -> String {
        let pool = [
            "gogi@s.com=ExternalAccessMeth", "ivrman@s.com", "a.b+c@example.com", "x@xn--bcher-kva.example",
            "bad address@s.com", "evil@s.com\r\nRCPT TO:<x@y.com>", "nobody@bücher.example", "no-at-sign", "q@s.com=NoSuchRole",
        ]
        let good = Array(pool.prefix(4))
        return (0..<Int.random(in: 0...3, using: &random)).map { _ in
            pick(Int.random(in: 0..<6, using: &random) == 0 ? pool : good, &random)
        }.joined(separator: ";")
    }

    static func cleanupTime(_ random: inout SplitMix64) -> String {
        pick(["2026-12-02T00:00:00Z", "2031-06-01T00:00:00Z", "2200-06-01T00:00:00Z", "2500-01-01T00:00:00Z"], &random)
    }

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    /// The rows as CSV with a header, every field quoted.
    static func csv(_ rows: [[String]]) -> String {
        ([columns] + rows).map { fields in
            fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}
