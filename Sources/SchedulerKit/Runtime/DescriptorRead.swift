import Foundation

/// Reading an input (a file, or standard input) from its descriptor.
public enum DescriptorRead {
    /// Fills `buffer` with what comes next and returns how much, 0 at the end; retries when
    /// interrupted. `name` names the input in errors: a closed descriptor is input missing (66).
    public static func chunk(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, name: String) throws -> Int {
        while true {
            let count = read(descriptor, buffer.baseAddress!, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EBADF { throw CmschedError.inputMissing("\(name) is closed") }
            throw CmschedError.ioError("cannot read \(name): \(String(cString: strerror(errno)))")
        }
    }
}
