import CZlib
import Foundation
@testable import FieldLabRender

/// `|a − b| ≤ tolerance`.
func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance
}

/// A fresh, empty folder for one test's files, removed by `body`'s end.
func withTemporaryFolder<T>(_ body: (String) throws -> T) rethrows -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("fieldlab-render-tests-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

/// Pixels that differ between two canvases of the same size, as (x, y).
func changedPixels(_ a: Canvas, _ b: Canvas) -> [(x: Int, y: Int)] {
    precondition(a.width == b.width && a.height == b.height)
    var out = [(x: Int, y: Int)]()
    for y in 0 ..< a.height {
        for x in 0 ..< a.width where a[x, y] != b[x, y] { out.append((x, y)) }
    }
    return out
}

/// Total "ink" of white drawn on black: the sum of red channels / 255.
func ink(_ canvas: Canvas) -> Double {
    canvas.pixels.reduce(0) { $0 + Double($1.r) } / 255
}

// MARK: - An independent PNG reader (test-only)

/// CRC-32 (ISO 3309, polynomial 0xEDB88320, reflected), table-driven, as in
/// the PNG specification's sample code. Written here so the writer's zlib
/// `crc32` is checked against a second implementation.
enum ReferenceCRC32 {
    static let table: [UInt32] = (0 ..< 256).map { n in
        var c = UInt32(n)
        for _ in 0 ..< 8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

struct PNGChunk {
    var type: String
    var data: [UInt8]
    var storedCRC: UInt32
    var computedCRC: UInt32
}

func bigEndian(_ bytes: [UInt8], at i: Int) -> UInt32 {
    bytes[i ..< i + 4].reduce(0) { ($0 << 8) | UInt32($1) }
}

/// Splits a PNG file (after its 8-byte signature) into chunks, with each
/// chunk's stored CRC and the CRC recomputed by `ReferenceCRC32`.
func pngChunks(_ png: [UInt8]) -> [PNGChunk] {
    var chunks = [PNGChunk]()
    var i = 8
    while i + 12 <= png.count {
        let length = Int(bigEndian(png, at: i))
        let type = String(decoding: png[i + 4 ..< i + 8], as: UTF8.self)
        let data = Array(png[i + 8 ..< i + 8 + length])
        let stored = bigEndian(png, at: i + 8 + length)
        chunks.append(PNGChunk(type: type, data: data, storedCRC: stored,
                               computedCRC: ReferenceCRC32.checksum(png[i + 4 ..< i + 8 + length])))
        i += 12 + length
    }
    return chunks
}

/// zlib `uncompress` of `data` into exactly `size` bytes (nil on any error).
func inflate(_ data: [UInt8], size: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: size)
    var length = uLongf(size)
    let status = out.withUnsafeMutableBufferPointer { target in
        data.withUnsafeBufferPointer { source in
            uncompress(target.baseAddress, &length, source.baseAddress, uLong(source.count))
        }
    }
    return status == Z_OK && Int(length) == size ? out : nil
}

/// Undoes PNG filtering of 8-bit RGB scanlines (each a filter byte plus
/// `3 · width` bytes), following the specification's definitions of the
/// five filters. Returns the pixels and the filter type used on each row.
func unfilter(_ scanlines: [UInt8], width: Int, height: Int) -> (pixels: [RGB], filters: [UInt8])? {
    let stride = 3 * width
    var previous = [UInt8](repeating: 0, count: stride)
    var pixels = [RGB](), filters = [UInt8]()
    for y in 0 ..< height {
        let start = y * (stride + 1)
        let filter = scanlines[start]
        filters.append(filter)
        var row = Array(scanlines[start + 1 ... start + stride])
        for i in 0 ..< stride {
            let a = i >= 3 ? Int(row[i - 3]) : 0, b = Int(previous[i]), c = i >= 3 ? Int(previous[i - 3]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: return nil
            }
            row[i] = UInt8((Int(row[i]) + predictor) & 0xFF)
        }
        for x in 0 ..< width { pixels.append(RGB(row[3 * x], row[3 * x + 1], row[3 * x + 2])) }
        previous = row
    }
    return (pixels, filters)
}
