import Foundation
import FieldLabCore

/// `|a − b| ≤ tolerance`.
func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance
}

/// A fresh, empty folder for one test's files, removed by `body`'s end.
func withTemporaryFolder<T>(_ body: (String) throws -> T) rethrows -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("fieldlab-data-tests-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

/// The bytes of a hex string such as `"93 4e 55"` (spaces ignored).
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// Sample mean and the standard error of each coordinate's mean; the isotropic
/// scale √(mean ‖p − mean‖² / 2) and its standard error (delta method).
struct Moments {
    var mean: Point
    var meanError: Point
    var scale: Double
    var scaleError: Double

    init(_ points: [Point]) {
        let n = Double(points.count)
        let mean = points.reduce(Point.zero, +) / n
        var squares = Point.zero, halfNormSquares = 0.0, halfNormFourth = 0.0
        for p in points {
            let d = (p - mean) * (p - mean)
            squares += d
            let h = d.sum() / 2
            halfNormSquares += h
            halfNormFourth += h * h
        }
        let variance = squares / n
        let s2 = halfNormSquares / n
        let s2Error = ((halfNormFourth / n - s2 * s2) / n).squareRoot()
        self.mean = mean
        self.meanError = (variance / n).squareRoot()
        self.scale = s2.squareRoot()
        self.scaleError = s2Error / (2 * scale)
    }
}

/// ‖a − b‖².
func squaredDistance(_ a: Point, _ b: Point) -> Double {
    let d: Point = a - b
    return (d * d).sum()
}
