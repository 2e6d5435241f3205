import Foundation
import GRDB
import TestSupport

extension CLI {
    /// Writes a CSV of `count` meetings (one a day in December 2030) with keys `prefix-1` and on,
    /// for bulk runs beside other work; returns its path.
    func writeBulkFile(_ prefix: String, count: Int) throws -> String {
        var csv = "key,name,start,duration,tz,template,organizer,attendees\n"
        for index in 1...count {
            csv += "\(prefix)-\(index),Meeting \(index),2030-12-\(String(format: "%02d", index % 28 + 1))T09:00,1h,Europe/Berlin,CoSpaceTemp-Scheduler,saiacano@s.com,gogi@s.com\n"
        }
        return try write("\(prefix).csv", csv)
    }

    /// Starts a bulk run of `count` meetings (`writeBulkFile`), made one at a time, and returns
    /// once it has made two: a run in progress (for a minute or so at cms-sim's `--latency-ms
    /// 60`), for work beside it; `Running.interrupt` ends it.
    func startBulkRun(_ prefix: String, count: Int = 200) async throws -> Running {
        let bulk = try start(
            ["meeting", "create", "--input", try writeBulkFile(prefix, count: count), "--quiet"],
            extraEnvironment: ["CMSCHED_CALLBRIDGE_CONCURRENCY": "1"])
        await waitForSpaces(2, in: "ready", while: bulk.process)
        return bulk
    }

    /// A `cmsched` started in the background, its output going to files.
    struct Running {
        let process: Process
        let stdout: URL
        let stderr: URL

        /// Stops the process as Ctrl-C would (SIGINT), then `finish`.
        func interrupt() async throws -> Result {
            kill(process.processIdentifier, SIGINT)
            return try await finish()
        }

        /// Waits for the process to end (on a thread of its own) and returns what it printed.
        func finish() async throws -> Result {
            let process = self.process
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                Thread {
                    process.waitUntilExit()
                    done.resume()
                }.start()
            }
            return try Result(of: process, stdout: stdout, stderr: stderr)
        }
    }

    /// Starts `cmsched` with `arguments` and returns at once.
    func start(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent("cmsched")
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { $1 }
        let running = Running(
            process: process, stdout: home.appendingPathComponent("stdout-\(UUID().uuidString)"),
            stderr: home.appendingPathComponent("stderr-\(UUID().uuidString)"))
        _ = FileManager.default.createFile(atPath: running.stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: running.stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: running.stdout)
        process.standardError = try FileHandle(forWritingTo: running.stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return running
    }

    /// Returns once the store holds at least `count` spaces in `state`, or `process` has ended, or
    /// 30 s passed.
    ///
    /// The store is polled on a thread of its own: a poll on the shared task threads can wait
    /// seconds for one while other tests block them in child processes, and miss the run's middle.
    func waitForSpaces(_ count: Int, in state: String, while process: Process) async {
        let database = path("data/cmsched/cmsched.sqlite")
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                let deadline = Date().addingTimeInterval(30)
                var store: DatabaseQueue?
                // On a PostgreSQL store, asked through psql (its start costs what the poll waits).
                if let url = environment["CMSCHED_STORE_URL"] {
                    while process.isRunning, Date() < deadline {
                        let spaces = try? TestStores.psqlValue(url, "SELECT count(*) FROM space WHERE state = '\(state)'")
                        if let spaces, Int(spaces) ?? 0 >= count { break }
                    }
                    done.resume()
                    return
                }
                while process.isRunning, Date() < deadline {
                    // The run may still be making the store: until its table is there, not yet (asked in
                    // SQL: GRDB's `tableExists` would keep its first answer for this connection).
                    if store == nil, FileManager.default.fileExists(atPath: database) {
                        var configuration = Configuration()
                        configuration.readonly = true
                        store = try? DatabaseQueue(path: database, configuration: configuration)
                    }
                    let reached = try? store?.read { db in
                        try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'space'") == true
                            && (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM space WHERE state = ?", arguments: [state]) ?? 0) >= count
                    }
                    if reached == true { break }
                    usleep(5_000)
                }
                done.resume()
            }.start()
        }
    }

    /// Runs `cmsched` with `arguments` and kills it hard (SIGKILL) once its store holds at least
    /// `count` spaces in `state`, or the run ends, or 30 s pass; returns once it is dead.
    func runKilled(_ arguments: [String], extraEnvironment: [String: String] = [:], once count: Int, spacesAre state: String) async throws
        -> Process
    {
        let running = try start(arguments, extraEnvironment: extraEnvironment)
        await waitForSpaces(count, in: state, while: running.process)
        kill(running.process.processIdentifier, SIGKILL)
        _ = try await running.finish()
        return running.process
    }
}
