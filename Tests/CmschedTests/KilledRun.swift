import Foundation
import GRDB

extension CLI {
    /// Runs `cmsched` with `arguments` and kills it hard (SIGKILL) once its store holds at least
    /// `count` spaces in `state`, or the run ends, or 30 s pass; returns once it is dead.
    ///
    /// The store is polled on a thread of its own: a poll on the shared task threads can wait
    /// seconds for one while other tests block them in child processes, and miss the run's middle.
    func runKilled(_ arguments: [String], extraEnvironment: [String: String] = [:], once count: Int, spacesAre state: String) async throws
        -> Process
    {
        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent("cmsched")
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let database = path("data/cmsched/cmsched.sqlite")
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                let deadline = Date().addingTimeInterval(30)
                var store: DatabaseQueue?
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
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                done.resume()
            }.start()
        }
        return process
    }
}
