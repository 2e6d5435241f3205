import Foundation
import Testing
import TestSupport

/// Runs the built `cmsched` binary with a private home, so tests never see the machine's config.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// True when the process died of a signal (a crash), not by exiting.
        var crashed = false

        init(status: Int32, stdout: String, stderr: String, crashed: Bool = false) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.crashed = crashed
        }

        /// What an ended `process` printed into the files `stdout` and `stderr`, which are removed.
        init(of process: Process, stdout: URL, stderr: URL) throws {
            defer {
                try? FileManager.default.removeItem(at: stdout)
                try? FileManager.default.removeItem(at: stderr)
            }
            self.init(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: stdout), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: stderr), as: UTF8.self),
                crashed: process.terminationReason == .uncaughtSignal)
        }
    }

    /// A fresh temporary home (XDG folders inside it) for one test.
    let home: URL
    var environment: [String: String]

    init() throws {
        home = URL(fileURLWithPath: StaleFolders.path(prefix: "cmsched-test-"))
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        environment = [
            "HOME": home.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path,
            "TZ": "UTC",
        ]
    }

    /// The folder holding the built products (beside the test bundle).
    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        for candidate in [bundle, bundle.deletingLastPathComponent()]
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("cmsched").path) {
            return candidate
        }
        return bundle
    }

    /// Path of a file inside the private home.
    func path(_ relative: String) -> String { home.appendingPathComponent(relative).path }

    /// Writes a file inside the private home with the given mode; returns its path.
    @discardableResult
    func write(_ relative: String, _ text: String, mode: Int = 0o600) throws -> String {
        let url = home.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    /// Runs `cmsched` (or another built tool, or an absolute path) with `arguments` and waits for it;
    /// `stdin` (under 64 KB, so it fits in the pipe) is piped in, else standard input is empty.
    func run(_ arguments: [String], extraEnvironment: [String: String] = [:], tool: String = "cmsched", stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = tool.hasPrefix("/") ? URL(fileURLWithPath: tool) : Self.productsDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { $1 }
        // Files, not pipes: a chatty child can never block on a full pipe.
        let outURL = home.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = home.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let pipe = Pipe()
            try pipe.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
            try pipe.fileHandleForWriting.close()
            process.standardInput = pipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return try Result(of: process, stdout: outURL, stderr: errURL)
    }

    /// `status --format json` as part → its string fields (`status`, `detail`; serve's `links` left out).
    static func statusParts(_ json: String) -> [String: [String: String]]? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return nil }
        return object.compactMapValues { ($0 as? [String: Any])?.compactMapValues { $0 as? String } }
    }
}
