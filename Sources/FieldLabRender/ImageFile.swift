import FieldLabCore
import Foundation

/// Writing canvases to disk (PPM always, PNG as the compact option) and
/// reading PPM back for tests and tools.
///
/// Every write goes to a temporary file in the destination's folder that is
/// renamed over the destination only when complete, so a failed or
/// interrupted write never leaves a half-written picture behind.
public enum ImageFile {
    /// Writes `canvas` in the format named by `path`'s extension (`.ppm` or
    /// `.png`, any case); any other extension throws `RenderError.unsupportedFormat`
    /// before touching the disk.
    public static func write(_ canvas: Canvas, to path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "ppm": try writePPM(canvas, to: path)
        case "png": try writePNG(canvas, to: path)
        default: throw RenderError.unsupportedFormat(path)
        }
    }

    /// Writes `bytes` through Core's `AtomicFile` (temporary file in the same
    /// folder, then `rename(2)`), reporting failures as `RenderError.unwritable`.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let AtomicFile.WriteError.unwritable(_, reason) {
            throw RenderError.unwritable("'\(path)': \(reason)")
        }
    }
}
