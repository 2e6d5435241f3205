import Foundation
import SchedulerKit

/// Opens an input file, or stdin for `-`: read as bytes (an iCalendar file), or as bulk rows.
enum InputFile {
    static func read(_ path: String) throws -> Data {
        try withDescriptor(path) { descriptor, name in
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try DescriptorIO.read(descriptor, into: $0, name: name) }
                if count == 0 { return data }
                data.append(contentsOf: buffer[0..<count])
            }
        }
    }

    /// Bulk input (CSV or JSON lines), spooled and checked before any row is used.
    static func bulkRows(_ path: String, defaults: MeetingFields) throws -> BulkRows {
        try withDescriptor(path) { descriptor, name in
            try BulkInput.rows(reading: descriptor, name: name, source: path == "-" ? "stdin" : path, defaults: defaults)
        }
    }

    private static func withDescriptor<T>(_ path: String, _ body: (Int32, String) throws -> T) throws -> T {
        if path == "-" {
            guard !Console.closedAtStart.contains(STDIN_FILENO) else {
                throw CmschedError.inputMissing("standard input is closed (give a file, or pipe the input)")
            }
            return try body(STDIN_FILENO, "standard input")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CmschedError.inputMissing("input file \(path) does not exist")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CmschedError.ioError("cannot read input file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        return try body(descriptor, path)
    }
}
