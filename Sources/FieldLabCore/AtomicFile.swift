import Foundation

/// Whole-file writes that either fully happen or leave nothing behind: the
/// bytes go to a fresh temporary file beside the destination, are flushed to
/// disk, and the file is renamed over the destination (`rename(2)` is atomic
/// within one file system, which is why the temporary file lives in the same
/// folder). On any failure the temporary file is removed and the destination
/// is untouched.
public enum AtomicFile {
    public enum WriteError: Error, CustomStringConvertible, Equatable {
        case unwritable(path: String, reason: String)
        public var description: String {
            switch self {
            case let .unwritable(path, reason): "cannot write '\(path)': \(reason)"
            }
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WriteError.unwritable(path: path, reason: "folder '\(folder)' does not exist")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(UInt32.random(in: .min ... .max))"
        // Removed on SIGINT/SIGTERM while it exists (see `Interruption`).
        let (fd, openError) = Interruption.creating(temporary) {
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            return (fd, errno)
        }
        defer { Interruption.finished(temporary) }
        guard fd >= 0 else { throw WriteError.unwritable(path: path, reason: String(cString: strerror(openError))) }
        // The first failure's errno names the problem (ENOSPC, EROFS, EIO, …).
        var failure: Int32?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw WriteError.unwritable(path: path, reason: String(cString: strerror(failure)))
        }
    }

    /// Writes UTF-8 text to `path` atomically.
    public static func write(text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}
