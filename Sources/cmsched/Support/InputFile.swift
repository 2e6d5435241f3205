import Foundation
import SchedulerKit

/// Reads an input file, or stdin for `-`, as bytes (bulk input checks UTF-8 line by line).
enum InputFile {
    static func read(_ path: String) throws -> Data {
        if path == "-" {
            guard !Console.closedAtStart.contains(STDIN_FILENO) else {
                throw CmschedError.inputMissing("standard input is closed (give a file, or pipe the input)")
            }
            return try readAll(STDIN_FILENO, name: "standard input")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CmschedError.inputMissing("input file \(path) does not exist")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CmschedError.ioError("cannot read input file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        return try readAll(descriptor, name: path)
    }

    private static func readAll(_ descriptor: Int32, name: String) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                if errno == EBADF { throw CmschedError.inputMissing("\(name) is closed") }
                throw CmschedError.ioError("cannot read \(name): \(reason)")
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }
}
