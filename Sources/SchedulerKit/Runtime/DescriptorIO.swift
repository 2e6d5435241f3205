import Foundation

/// Reading and writing a file descriptor (a file, standard input or output), retrying when a
/// call is interrupted or writes only part.
public enum DescriptorIO {
    /// Fills `buffer` with what comes next and returns how much, 0 at the end. `name` names the
    /// input in errors: a closed descriptor is input missing (66).
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, name: String) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EBADF { throw CmschedError.inputMissing("\(name) is closed") }
            throw CmschedError.ioError("cannot read \(name): \(errnoText())")
        }
    }

    /// Writes all of `bytes`; the error text when it cannot, nil when all were written.
    public static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errnoText()
            }
            offset += written
        }
        return nil
    }
}
