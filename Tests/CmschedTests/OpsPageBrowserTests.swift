import Foundation
import SchedulerKit
import Testing

/// The operations pages (`/ops/`) in Debian's chromium, driven by Selenium from
/// `Tests/peers/ops_browser.py`, then over plain HTTPS requests (`Tests/peers/ops_http.py`), against a live `serve` with cms-sim and a test SMTP server that
/// refuses the first message for good (a dead letter). Screenshots of each page go to
/// `.build/test-output/ops/` (or `$CMSCHED_TEST_OUTPUT/ops/`).
@Suite("the operations pages in a real browser", .serialized)
struct OpsPageBrowserTests {
    static let admin = "opsadmin:ops-admin-secret-1"
    static let viewer = "watcher:ops-viewer-secret-1"

    static var outputFolder: String {
        let base = ProcessInfo.processInfo.environment["CMSCHED_TEST_OUTPUT"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/test-output").path
        return base + "/ops"
    }

    /// The Monday of next week, and the day `offset` days after it, as `yyyy-MM-dd`.
    static func nextWeek(_ offset: Int = 0) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        let monday = calendar.dateInterval(of: .weekOfYear, for: Date())!.start.addingTimeInterval(7 * 86_400 + 6 * 3_600)
        let day = calendar.date(byAdding: .day, value: offset, to: monday)!
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test func signInLinksAgendaOutboxAndRolesInChromium() async throws {
        let pki = try SimulatorProcess.pki.get()
        let smtp = try SMTPPeer(pki: pki, actions: ["550"])
        defer { smtp.stop() }
        var mail = try CLI()
        try mail.useSMTP(smtp, pki: pki)
        let (sim, cli, serve, base) = try await ServeProcess.startWithHTTPS(environment: mail.environment.filter { $0.key.hasPrefix("CMSCHED_EMAIL_") })
        defer { sim.stop() }
        for (credentials, role) in [(Self.admin, "admin"), (Self.viewer, "viewer")] {
            let (name, password) = (credentials.split(separator: ":")[0], credentials.split(separator: ":")[1])
            let added = try cli.shell("printf '\(password)\\n' | \"$CMSCHED\" user add \(name) --role \(role)")
            #expect(added.status == 0, "\(added.stderr)")
        }
        let common = ["--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler", "--tz", "Europe/Berlin", "--quiet"]
        let meetings: [(key: String, arguments: [String])] = [
            ("ops-weekly", ["--name", "Ops stand-up", "--start", "\(Self.nextWeek(1))T10:00", "--duration", "30m", "--repeat", "weekly",
                            "--count", "3", "--attendee", "gogi@s.com"]),
            ("ops-daily", ["--name", "Daily check", "--start", "\(Self.nextWeek(0))T14:00", "--duration", "1h", "--repeat", "daily", "--count", "5"]),
            ("ops-hostile", ["--name", "<script>alert(1)</script>", "--start", "\(Self.nextWeek(3))T09:00", "--duration", "1h"]),
        ]
        var ids: [String: String] = [:]
        for (index, meeting) in meetings.enumerated() {
            let created = try cli.run(["meeting", "create", "--key", meeting.key] + meeting.arguments + common)
            #expect(created.status == 0, "\(created.stderr)")
            let shown = try cli.run(["meeting", "show", meeting.key, "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            ids[meeting.key] = try #require(object?["id"] as? String, "\(shown.stdout) \(shown.stderr)")
            guard index == 0 else { continue }
            // serve sends the first meeting's invitations; the SMTP server refuses the first for
            // good: a dead letter (waited for before anything else is written, so that no later
            // change of its meeting supersedes it).
            var dead = false
            for _ in 0..<200 where !dead {
                dead = try cli.run(["notify", "list", "--state", "dead", "--format", "csv"]).stdout.contains(",dead,")
                if !dead { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(dead, "a dead letter: \(serve.text)")
        }
        // One booked through the HTTPS API: its history names that path and the API user.
        let api = try await CurlTransport(options: CurlOptions(caFile: pki.caFile, user: "portal", password: "portal-secret-1")).send(
            HTTPClientRequest(
                method: "POST", url: base + "/api/v1/scheduler/meetings",
                body: try JSONSerialization.data(withJSONObject: [
                    "name": "Booked over HTTPS", "organizer": "saiacano@s.com", "space": ["new": ["template": "CoSpaceTemp-Scheduler"]],
                    "start": "\(Self.nextWeek(4))T12:00:00Z", "end": "\(Self.nextWeek(4))T13:00:00Z",
                ] as [String: Any]),
                headers: ["Content-Type": "application/json"]))
        let booked = (try? JSONSerialization.jsonObject(with: api.body)) as? [String: Any]
        ids["api"] = try #require((booked?["meeting"] as? [String: Any])?["id"] as? String, "\(String(decoding: api.body, as: UTF8.self))")
        // One booked by a web app user over C2W: its history names that path and the user.
        let bridgeIDs = try await sim.webBridgeIDs()
        let templates = try await sim.control(
            "POST", "/webBridges/\(bridgeIDs[0])/request", json: ["user": "saiacano@s.com", "op": "templates.list", "body": [:]])
        let template = try #require((((templates.body as? [String: Any])?["body"] as? [String: Any])?["templates"] as? [[String: Any]])?.first)
        let c2w = try await sim.control("POST", "/webBridges/\(bridgeIDs[0])/request", json: [
            "user": "saiacano@s.com", "op": "meetings.create",
            "body": ["name": "Booked in the web app", "space": ["new": ["template": template["id"]!]],
                     "start": "\(Self.nextWeek(4))T15:00:00Z", "end": "\(Self.nextWeek(4))T16:00:00Z", "timeZone": "UTC",
                     "attendees": []] as [String: Any],
        ])
        ids["c2w"] = try #require(
            (((c2w.body as? [String: Any])?["body"] as? [String: Any])?["meeting"] as? [String: Any])?["id"] as? String, "\(String(describing: c2w.body))")
        // The demo's week of meetings, and how the CLI lists its occurrences (what the agenda must show).
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let demo = try cli.run(["meeting", "create", "--input", repository.appendingPathComponent("examples/meetings.csv").path, "--quiet"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let demoWeek = try cli.run(["meeting", "list", "--expand", "--from", "2026-11-30", "--until", "2026-12-06", "--format", "json"])
        let demoJSON = try cli.write("demo-week.json", demoWeek.stdout)
        let cancelled = try cli.run(["meeting", "delete", "ops-daily", "--occurrence", Self.nextWeek(2), "--quiet"])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        try FileManager.default.createDirectory(atPath: Self.outputFolder, withIntermediateDirectories: true)
        let bridges = try await sim.webBridgeIDs()
        let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("peers")
        let inputs = [
            "OPS_BASE": base, "OPS_CA": pki.caFile, "OPS_OUT": Self.outputFolder, "OPS_ADMIN": Self.admin, "OPS_VIEWER": Self.viewer,
            "OPS_SIM": sim.url, "OPS_SIM_USER": "schedapi", "OPS_SIM_PASSWORD": "cms-sim-api-password", "OPS_BRIDGE": bridges[1],
            "OPS_WEEK": Self.nextWeek(), "OPS_TUESDAY": Self.nextWeek(1), "OPS_MEETING": ids["ops-weekly"]!,
            "OPS_CANCELLED": Self.nextWeek(2), "OPS_HOSTILE": ids["ops-hostile"]!, "OPS_API_MEETING": ids["api"]!, "OPS_C2W_MEETING": ids["c2w"]!,
            "OPS_DEMO_WEEK": "2026-11-30", "OPS_DEMO_JSON": demoJSON,
            "OPS_CLI": CLI.productsDirectory.appendingPathComponent("cmsched").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        // The browser first; then plain requests, which end with changing and removing users.
        for script in ["ops_browser.py", "ops_http.py"] {
            let run = try cli.run(["python3", peers.appendingPathComponent(script).path], extraEnvironment: inputs, tool: "/usr/bin/env")
            #expect(run.status == 0, "\(script):\n\(run.stdout)\n\(run.stderr)")
        }
        for page in ["sign-in", "overview", "overview-link-down", "agenda-berlin", "agenda-new-york", "meeting", "outbox-dead", "cleanup"] {
            #expect(FileManager.default.fileExists(atPath: "\(Self.outputFolder)/\(page).png"), "screenshot \(page)")
        }
    }
}
