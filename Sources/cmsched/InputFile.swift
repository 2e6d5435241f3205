import Foundation
import SchedulerKit

/// Reads an input file, or stdin for `-`.
enum InputFile {
    static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CmschedError.inputMissing("input file \(path) does not exist")
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CmschedError.ioError("cannot read input file \(path)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CmschedError.badInput("\(path == "-" ? "stdin" : path) is not UTF-8 text")
        }
        return text
    }
}
