import Foundation

/// Replaces files so that a reader sees the old or the new content, never a mix.
public enum AtomicFile {
    /// Writes `data` to a temporary file beside `path`, syncs it, then renames it over `path`.
    /// With `createFolder` a missing folder is made (0700); otherwise it is an error: an output
    /// path with a typo must not grow a folder tree.
    public static func write(
        _ data: Data, to path: String, mode: mode_t = 0o644, createFolder: Bool = true, folderMode: Int = 0o700, group: gid_t? = nil
    ) throws {
        try write(to: path, mode: mode, createFolder: createFolder, folderMode: folderMode, group: group) { put in try put(data) }
    }

    /// The same, with the content handed over in pieces by `content` through the function it is
    /// given (a large file is never held whole). Nothing replaces `path` unless `content` returns.
    /// A folder made for it gets `folderMode`; with `group`, the file is given that group.
    public static func write(
        to path: String, mode: mode_t = 0o644, createFolder: Bool = true, folderMode: Int = 0o700, group: gid_t? = nil,
        content: ((Data) throws -> Void) throws -> Void
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        var isFolder: ObjCBool = false
        if !createFolder {
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw CmschedError.cannotWriteOutput("cannot write \(path): folder \(folder) does not exist")
            }
        }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: folderMode])
        } catch {
            throw CmschedError.cannotWriteOutput("cannot create folder \(folder): \(error.localizedDescription)")
        }
        var template = Array("\(folder)/.\((path as NSString).lastPathComponent).XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw CmschedError.cannotWriteOutput("cannot write \(path): \(errnoText())") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var open = true
        var done = false
        defer {
            if open { close(fd) }
            if !done { unlink(temporary) }
        }
        try content { data in
            if let failure = data.withUnsafeBytes({ DescriptorIO.write($0, to: fd) }) {
                throw CmschedError.cannotWriteOutput("cannot write \(path): \(failure)")
            }
        }
        let grouped = group.map { fchown(fd, uid_t.max, $0) == 0 } ?? true
        let synced = grouped && fchmod(fd, mode) == 0 && fsync(fd) == 0
        open = false
        let closed = close(fd) == 0
        guard synced, closed, rename(temporary, path) == 0 else {
            throw CmschedError.cannotWriteOutput("cannot write \(path): \(errnoText())")
        }
        done = true
        let dirFD = Glibc.open(folder, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}

/// The text of the current `errno`.
func errnoText() -> String {
    String(cString: strerror(errno))
}
