import Foundation
import FieldLabCore

/// Reading and writing 2D point sets: CSV with an `x,y` header, or NumPy's
/// `.npy` (an `(n, 2)` array of float64 or float32), so that points move
/// freely between FieldLab and Python.
public enum PointFile {
    /// The points in a CSV or NPY file.
    ///
    /// A path ending in `.npy` (any case), or any file that starts with NPY's
    /// magic bytes, is read as NPY (float64 or float32, shape `(n, 2)`, C or
    /// Fortran order, little endian). Anything else is read as CSV: a header
    /// `x,y` (names may be quoted, any case), then one `x,y` row per point.
    /// Spaces around fields, CRLF line ends, blank lines, a trailing newline, a
    /// UTF-8 byte-order mark and scientific notation are all accepted; a third
    /// column is an error.
    ///
    /// - Throws: ``DataError``: `fileNotFound`, `unreadable`, `emptyFile`,
    ///   `badHeader`, `malformedRow`, `nonFinite`, `badNPY`, or `tooFewPoints`
    ///   when the file holds no point at all.
    public static func read(_ path: String) throws -> [Point] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.fileNotFound(path)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(path)
        }
        let bytes = [UInt8](data)
        if bytes.isEmpty { throw DataError.emptyFile(path) }
        let points = isNPY(path) || NPYFormat.hasMagic(bytes)
            ? try NPYFormat.decode(bytes, path: path)
            : try CSVFormat.decode(bytes, path: path)
        if points.isEmpty { throw DataError.tooFewPoints(path: path, count: 0, needed: 1) }
        return points
    }

    /// Writes `points` to `path`, atomically: the bytes go to a temporary file
    /// in the same folder, which is then renamed over `path`, so a failure never
    /// leaves a partial file and readers never see one.
    ///
    /// A path ending in `.npy` gets NPY version 1.0 (`<f8`, C order, shape
    /// `(n, 2)`, as `numpy.save` writes it); anything else gets CSV with header
    /// `x,y` and each coordinate in Swift's shortest round-tripping form, so
    /// reading the file back gives bit-identical `Double`s.
    ///
    /// - Throws: ``DataError/nonFinitePoint(path:index:)`` for a NaN or infinite
    ///   coordinate (nothing is written), ``DataError/unwritable(_:reason:)`` when the
    ///   file cannot be created.
    public static func write(_ points: [Point], to path: String) throws {
        if let bad = points.firstIndex(where: { !($0.x.isFinite && $0.y.isFinite) }) {
            throw DataError.nonFinitePoint(path: path, index: bad)
        }
        let bytes = isNPY(path) ? NPYFormat.encode(points) : CSVFormat.encode(points)
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let AtomicFile.WriteError.unwritable(_, reason) {
            throw DataError.unwritable(path, reason: reason)
        }
    }

    static func isNPY(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".npy")
    }
}
