import Foundation
import Testing

@testable import SchedulerKit

@Suite("configuration keys, files and resolution")
struct ConfigTests {
    @Test func aFileWrittenInPiecesAppearsWholeOrNotAtAll() throws {
        let folder = NSTemporaryDirectory() + "cmsched-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.ics"
        try AtomicFile.write(Data("old\n".utf8), to: path)
        // A producer that fails midway leaves the old file and no temporary beside it.
        #expect(throws: CmschedError.self) {
            try AtomicFile.write(to: path) { put in
                try put(Data("new, part one\n".utf8))
                throw CmschedError.internalError("stopped")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.ics"])
        try AtomicFile.write(to: path, mode: 0o600) { put in
            for part in ["one\n", "two\n", "three\n"] { try put(Data(part.utf8)) }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\ntwo\nthree\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test(arguments: [("1h30m", 5400), ("24h", 86400), ("90m", 5400), ("2d", 172_800), ("45s", 45)])
    func durationsParse(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "h", "1x", "10", "1h30"])
    func nonDurationsAreRejected(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func listenAddressTakesIPv4AndBracketedIPv6() {
        #expect(ListenAddress("0.0.0.0:9443") == ListenAddress("0.0.0.0:9443"))
        #expect(ListenAddress("[::]:9443")?.host == "::")
        #expect(ListenAddress("9443") == nil)
        #expect(ListenAddress("host:70000") == nil)
    }

    @Test func fileRoundTripsThroughToml() throws {
        var file = ConfigFile()
        try file.set(.emailPort, "587")
        try file.set(.callBridgeURL, "https://cms.example.com:445")
        try file.set(.emailFrom, "scheduler@example.com")
        let parsed = try ConfigFile.parse(file.tomlText(), source: "test")
        #expect(parsed == file)
        #expect(file.tomlText().contains("port = 587"))
    }

    @Test func unknownTopLevelValueIsRejected() {
        #expect(throws: CmschedError.self) { try ConfigFile.parse("listen = 'x'\n", source: "t") }
    }

    @Test func environmentWinsOverFileAndDefaults() throws {
        var file = ConfigFile()
        try file.set(.cleanupAt, "02:00")
        let settings = try Settings(
            file: file, filePath: "/f", environment: ["CMSCHED_CLEANUP_AT": "3:05"])
        #expect(settings[.cleanupAt] == "03:05")
        #expect(settings.entries[.cleanupAt]?.source == .environment("CMSCHED_CLEANUP_AT"))
        #expect(settings[.cleanupGrace] == "24h")
    }

    @Test func badEnvironmentValueNamesTheVariable() {
        #expect(throws: CmschedError.configuration(
            "$CMSCHED_EMAIL_PORT: email.port: invalid value '0': expected a port 1-65535")
        ) {
            try Settings(file: ConfigFile(), filePath: nil, environment: ["CMSCHED_EMAIL_PORT": "0"])
        }
    }

    @Test func passwordComesFromTheEnvironmentFirst() throws {
        let settings = try Settings(
            file: ConfigFile(), filePath: nil, environment: ["CMSCHED_CALLBRIDGE_PASSWORD": "pw"])
        #expect(try settings.secret(.callBridgePassword) == "pw")
        #expect(settings.displayValue(.callBridgePasswordFile) == "<env: CMSCHED_CALLBRIDGE_PASSWORD>")
    }

    @Test func secretFileMustBePrivate() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID())").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("pw\n".utf8), attributes: [.posixPermissions: 0o640])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CmschedError.self) { try SecretFile.read(path, for: "k") }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try SecretFile.read(path, for: "k") == "pw")
    }

    @Test func systemFileIsReadWhenTheUserHasNone() {
        let locations = Locations(environment: ["HOME": "/nonexistent-home"])
        let expected = FileManager.default.fileExists(atPath: "/etc/cmsched/config.toml") ? "/etc/cmsched/config.toml" : nil
        #expect(locations.configPathToRead(flag: nil) == expected)
        #expect(locations.configPathToWrite(flag: nil) == "/nonexistent-home/.config/cmsched/config.toml")
    }
}
