import Foundation
import GRDB
import SchedulerKit
import Testing
import TestSupport

/// The exit codes no other suite reaches through the binary: 70, 74 and 130; and that no library
/// message speaks the CLI's flags.
@Suite("cmsched exit codes 70, 74, 130", .serialized)
struct ExitCodeCommandTests {
    static let create = [
        "meeting", "create", "--name", "Sync", "--organizer", "saiacano@s.com", "--template", "CoSpaceTemp-Scheduler",
        "--start", "2030-12-02T09:00", "--duration", "1h", "--tz", "UTC",
    ]

    @Test func aDatabaseFaultNobodyPlannedForIsAnInternalError70() throws {
        let (sim, cli) = try SimulatorProcess.seeded()
        defer { sim.stop() }
        #expect(try cli.run(["meeting", "list"]).status == 0)
        let pool = try DatabasePool(path: cli.path("data/cmsched/cmsched.sqlite"))
        try pool.write { try $0.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON meeting BEGIN SELECT RAISE(ABORT, 'boom'); END") }
        try pool.close()
        let result = try cli.run(Self.create)
        #expect(result.status == 70, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("cmsched: ") && result.stderr.contains("boom"))
    }

    @Test func aDatabaseFileThatIsNotADatabaseIsAnIOError74() throws {
        let cli = try CLI()
        let path = try cli.write("garbage.sqlite", String(repeating: "not a database ", count: 400))
        let result = try cli.run(["meeting", "list", "--db", path])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("cmsched: database \(path)"))
    }

    @Test func ctrlCExits130WithOneLine() throws {
        let (sim, cli) = try SimulatorProcess.seeded(["--latency-ms", "3000"])
        defer { sim.stop() }
        let process = Process()
        process.executableURL = CLI.productsDirectory.appendingPathComponent("cmsched")
        process.arguments = Self.create
        process.environment = cli.environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "cmsched: interrupted\n")
    }

    @Test func noLibraryMessageNamesAFlagOfTheCLI() throws {
        let dump = try CLI().run(["--experimental-dump-help"])
        // Long names appear as {"kind" : "long", "name" : "organizer"} in the dump.
        let flags = Set(dump.stdout.matches(of: /"kind"\s*:\s*"long",\s*"name"\s*:\s*"([a-z][a-z-]+)"/).map { "--" + String($0.1) })
        #expect(flags.contains("--organizer") && flags.contains("--any-template"))
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SchedulerKit")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 20)
        for file in files {
            for (number, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n").enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for flag in flags where line.contains("\"\(flag)") || line.contains(" \(flag)") && line.contains("\"") {
                    Issue.record("\(file.lastPathComponent):\(number + 1) names \(flag): \(line)")
                }
            }
        }
    }
}
