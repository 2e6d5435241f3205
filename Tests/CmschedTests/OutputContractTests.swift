import Foundation
import Testing
import TestSupport

/// Each command's JSON keys and CSV columns are the ones `docs/output.md` documents.
@Suite("docs/output.md matches what the commands print", .serialized)
struct OutputContractTests {
    /// The documented lines of each section: `json`, `json.NAME`, `csv` → their names.
    static func documented() throws -> [String: [String: [String]]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/output.md").path
        var sections: [String: [String: [String]]] = [:]
        var current = ""
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("## ") { current = String(line.dropFirst(3)) }
            guard let colon = line.firstIndex(of: ":"), line.hasPrefix("json") || line.hasPrefix("csv") else { continue }
            let names = line[line.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            sections[current, default: [:]][String(line[..<colon])] = names
        }
        return sections
    }

    func keys(_ value: Any?) -> [String] {
        let object = (value as? [String: Any]) ?? (value as? [[String: Any]])?.first ?? [:]
        return object.keys.sorted()
    }

    func check(_ section: String, json: Any?, nested: [String] = [], csv: String, documented: [String: [String: [String]]]) {
        let doc = documented[section] ?? [:]
        #expect(doc["json"] != nil, "docs/output.md has no json line for \(section)")
        #expect(keys(json) == doc["json"], "\(section): json keys")
        let object = (json as? [String: Any]) ?? (json as? [[String: Any]])?.first ?? [:]
        for name in nested {
            #expect(keys(object[name]) == doc["json.\(name)"], "\(section): json.\(name) keys")
        }
        let header = csv.split(separator: "\r\n").first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(header == doc["csv"], "\(section): csv header")
    }

    func run(_ cli: CLI, _ arguments: [String]) throws -> (json: Any?, csv: String) {
        let json = try cli.run(arguments + ["--format", "json"])
        let csv = try cli.run(arguments + ["--format", "csv"])
        return (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)), csv.stdout)
    }

    @Test func everyDocumentedOutputMatches() throws {
        let documented = try Self.documented()
        #expect(Set(documented.keys) == [
            "meeting", "occurrence", "bulk", "cleanup", "notify send", "notify list", "template", "profile", "bridge", "status",
            "config", "bridge probe", "user", "store copy", "log",
        ])
        let mail = try MailSetup.start()
        defer { mail.stop() }
        let cli = mail.cli
        let rows = try cli.write("rows.csv", """
            key,name,start,duration,tz,template,organizer,attendees
            past,Old,2020-01-06T09:00,1h,Europe/Berlin,CoSpaceTemp-Scheduler,saiacano@s.com,gogi@s.com
            bad,Bad,2020-01-06T09:00,0m,Europe/Berlin,CoSpaceTemp-Scheduler,saiacano@s.com,
            """)
        let bulk = try cli.run(["meeting", "create", "--input", rows, "--format", "json"])
        let bulkRows = try #require(try JSONSerialization.jsonObject(with: Data(bulk.stdout.utf8)) as? [[String: Any]])
        #expect(bulkRows[0].keys.sorted() == documented["bulk"]?["json"])
        #expect(bulkRows[1].keys.sorted() == documented["bulk"]?["json"])
        #expect(bulkRows[1]["id"] is NSNull && bulkRows[1]["key"] as? String == "bad")
        let bulkCSV = try cli.run(["meeting", "create", "--input", rows, "--format", "csv"])
        #expect(bulkCSV.stdout.hasPrefix((documented["bulk"]?["csv"] ?? []).joined(separator: ",") + "\r\n"))

        let meetings = try run(cli, ["meeting", "list"])
        check("meeting", json: meetings.json, nested: ["space", "attendees"], csv: meetings.csv, documented: documented)
        let shown = try JSONSerialization.jsonObject(with: Data(try cli.run(["meeting", "show", "past", "--format", "json"]).stdout.utf8))
        #expect(keys((shown as? [String: Any])?["joinDetails"]) == documented["meeting"]?["json.joinDetails"])
        let occurrences = try run(cli, ["meeting", "list", "--expand", "--from", "2020-01-01", "--until", "2020-02-01"])
        check("occurrence", json: occurrences.json, csv: occurrences.csv, documented: documented)
        let cleanup = try run(cli, ["cleanup", "run", "--dry-run"])
        var cleanupJSON = try #require(cleanup.json as? [String: Any])
        #expect(cleanupJSON.removeValue(forKey: "wouldDelete") != nil)
        cleanupJSON["deleted"] = (try JSONSerialization.jsonObject(with: Data(try cli.run(["cleanup", "run", "--format", "json"]).stdout.utf8)) as? [String: Any])?["deleted"]
        check("cleanup", json: cleanupJSON, nested: ["deleted"], csv: cleanup.csv, documented: documented)
        let outbox = try run(cli, ["notify", "list"])
        check("notify list", json: outbox.json, csv: outbox.csv, documented: documented)
        let sent = try cli.run(["notify", "send", "--format", "json"])
        let sentCSV = try cli.run(["notify", "send", "--format", "csv"]).stdout
        check("notify send", json: try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)), nested: ["sent"], csv: sentCSV, documented: documented)
        let templates = try run(cli, ["template", "list"])
        check("template", json: templates.json, nested: ["accessMethods"], csv: templates.csv, documented: documented)
        let profiles = try run(cli, ["profile", "list"])
        check("profile", json: profiles.json, csv: profiles.csv, documented: documented)
        let bridges = try run(cli, ["bridge", "list"])
        check("bridge", json: bridges.json, csv: bridges.csv, documented: documented)
        let status = try run(cli, ["status"])
        check("status", json: status.json, nested: ["database", "serve"], csv: status.csv, documented: documented)
        let config = try run(cli, ["config", "show"])
        check("config", json: config.json, csv: config.csv, documented: documented)
        var linked = cli
        linked.useC2W(try SimulatorProcess.pki.get())
        let probe = try run(linked, ["bridge", "probe"])
        check("bridge probe", json: probe.json, nested: ["certificate"], csv: probe.csv, documented: documented)
        #expect(try cli.shell("printf 'contract-password\\n' | \"$CMSCHED\" user add contract").status == 0)
        let users = try run(cli, ["user", "list"])
        check("user", json: users.json, csv: users.csv, documented: documented)
        let copy = try run(cli, ["store", "copy", "--to", "postgres://cmsched@localhost/unused", "--dry-run"])
        check("store copy", json: copy.json, csv: copy.csv, documented: documented)
    }
}
