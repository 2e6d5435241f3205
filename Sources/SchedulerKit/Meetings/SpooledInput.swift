import Foundation

/// Bytes read one at a time; throws when the input cannot be read.
protocol ByteStream {
    mutating func next() throws -> UInt8?
}

/// Bulk input copied, as it is read, to a private temporary file (0600, unlinked at once), then
/// read back in 64 KB pieces as often as asked: a run of any length holds a piece of its input,
/// not all of it, and every pass reads the same bytes even if the original changes meanwhile.
final class SpooledInput: Sendable {
    private let descriptor: Int32
    /// Where the text starts: after a UTF-8 byte order mark, if the input has one.
    fileprivate let start: Int
    static let piece = 65_536

    /// Copies everything `read` gives: it fills the buffer it is handed and returns how many bytes
    /// it put there, 0 at the end. `name` names the input in errors.
    init(name: String, read: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        var path = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("cmsched-input-XXXXXX").utf8CString)
        let descriptor = path.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0, fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0 else {
            throw CmschedError.ioError("cannot spool \(name) to a temporary file: \(errnoText())")
        }
        _ = path.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        do {
            var buffer = [UInt8](repeating: 0, count: Self.piece)
            var head: [UInt8] = []
            while true {
                let count = try buffer.withUnsafeMutableBytes { try read($0) }
                if count == 0 { break }
                if head.count < 3 { head += buffer.prefix(min(count, 3 - head.count)) }
                if let failure = buffer.withUnsafeBytes({ DescriptorIO.write(UnsafeRawBufferPointer(rebasing: $0.prefix(count)), to: descriptor) }) {
                    throw CmschedError.ioError("cannot spool \(name) to a temporary file: \(failure)")
                }
            }
            start = head == [0xEF, 0xBB, 0xBF] ? 3 : 0
        } catch {
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The text from its start, a byte at a time.
    func bytes() -> SpooledBytes { SpooledBytes(input: self, offset: start) }

    /// Fills `buffer` with the bytes from `offset` on; returns how many, 0 at the end.
    fileprivate func read(at offset: Int, into buffer: inout [UInt8]) throws -> Int {
        while true {
            let result = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
            if result >= 0 { return result }
            if errno != EINTR { throw CmschedError.ioError("cannot read the spooled input: \(errnoText())") }
        }
    }
}

/// Spooled input read back from its start, a 64 KB piece at a time.
struct SpooledBytes: ByteStream {
    private let input: SpooledInput
    private var buffer = [UInt8](repeating: 0, count: SpooledInput.piece)
    private var position = 0
    private var filled = 0
    private var offset: Int

    fileprivate init(input: SpooledInput, offset: Int) {
        self.input = input
        self.offset = offset
    }

    mutating func next() throws -> UInt8? {
        if position == filled {
            position = 0
            filled = try input.read(at: offset, into: &buffer)
            guard filled > 0 else { return nil }
            offset += filled
        }
        defer { position += 1 }
        return buffer[position]
    }
}

/// Passes bytes through, noting the lines (split on LF, numbered from 1) that are not UTF-8.
struct UTF8LineCheck<Base: ByteStream>: ByteStream {
    private var base: Base
    private var line: [UInt8] = []
    private var number = 1
    private var ended = false
    private(set) var badLines: Set<Int> = []

    init(_ base: Base) { self.base = base }

    mutating func next() throws -> UInt8? {
        guard let byte = try base.next() else {
            if !ended { check() }
            ended = true
            return nil
        }
        if byte == 0x0A {
            check()
            line.removeAll(keepingCapacity: true)
            number += 1
        } else {
            line.append(byte)
        }
        return byte
    }

    private mutating func check() {
        if String(validating: line, as: UTF8.self) == nil { badLines.insert(number) }
    }
}
