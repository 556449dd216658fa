import Foundation

/// Writing files so that a failure never leaves a half-written file: the
/// bytes go to a temporary file in the same folder, which is then renamed
/// over the destination (rename is atomic within a file system).
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
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw WriteError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0
        fclose(file)
        guard written == bytes.count, flushed else {
            unlink(temporary)
            throw WriteError.unwritable(path: path, reason: "disk write failed")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError.unwritable(path: path, reason: reason)
        }
    }

    /// Writes UTF-8 text to `path` atomically.
    public static func write(text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}
