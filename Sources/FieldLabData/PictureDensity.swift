import CPNG
import Foundation
import FieldLabCore

/// A picture read as an unnormalised density: brighter pixels hold more
/// probability, and fresh samples can be drawn from it as often as needed
/// (so it has fresh ground truth, like a built-in distribution).
///
/// - The weight of a pixel is its grey level times its opacity, both in
///   [0, 1]. libpng turns colour into the grey of the same luminance: Rec. 709
///   coefficients in linear light, encoded back for display (gamma 1/2.2), so
///   pure green weighs 0.7152^(1/2.2) = 0.86. A fully transparent pixel
///   weighs nothing.
/// - Coordinates are pixel units with y pointing up: pixel (column c, row r
///   counted from the top) of a picture H rows high covers x ∈ [c, c + 1),
///   y ∈ [H − r − 1, H − r). A draw picks a pixel with probability
///   proportional to its weight, then a uniform point inside it.
///
/// PNG is read through libpng (any bit depth, grey, palette, RGB, with or
/// without alpha); PGM (`P2` text or `P5` binary, 8 or 16 bits) is read here.
public struct PictureDensity: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Pixel weights in [0, 1], row-major from the top row.
    public let weights: [Double]
    /// Running sums of `weights` (the last is their total).
    let cumulative: [Double]

    /// The largest side read (a larger picture is refused before it is decoded).
    public static let maximumSide = 4096

    /// Whether `path` names a picture (by extension: .png, .pgm, any case).
    public static func isPicture(_ path: String) -> Bool {
        ["png", "pgm"].contains((path as NSString).pathExtension.lowercased())
    }

    public init(width: Int, height: Int, weights: [Double], path: String = "picture") throws {
        precondition(weights.count == width * height, "one weight per pixel")
        var sums = [Double](repeating: 0, count: weights.count)
        var total = 0.0
        for (i, w) in weights.enumerated() {
            total += w
            sums[i] = total
        }
        guard total > 0 else { throw DataError.badPicture(path: path, reason: "it is all black (or transparent): no density to sample") }
        self.width = width
        self.height = height
        self.weights = weights
        self.cumulative = sums
    }

    /// Reads a PNG or PGM file.
    ///
    /// - Throws: ``DataError``: `fileNotFound`, `unreadable`, or `badPicture`
    ///   (not a PNG or PGM, truncated or corrupt, larger than 4096 on a side,
    ///   all black).
    public init(contentsOf path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw DataError.fileNotFound(path) }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else { throw DataError.unreadable(path) }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Decodes picture bytes (PNG by its signature, otherwise PGM).
    public init(bytes: [UInt8], path: String) throws {
        func bad(_ reason: String) -> DataError { .badPicture(path: path, reason: reason) }
        if bytes.count >= 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            let (w, h, weights) = try Self.decodePNG(bytes, path: path)
            try self.init(width: w, height: h, weights: weights, path: path)
        } else if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "2") || bytes[1] == UInt8(ascii: "5") {
            let (w, h, weights) = try Self.decodePGM(bytes, path: path)
            try self.init(width: w, height: h, weights: weights, path: path)
        } else {
            throw bad("not a PNG or PGM picture")
        }
    }

    /// `count` points drawn from the density.
    public func sample(count: Int, using rng: inout SeededGenerator) -> [Point] {
        let total = cumulative[cumulative.count - 1]
        return (0..<count).map { _ in
            let u = rng.nextUniform() * total
            // The first pixel whose running sum exceeds u (pixels of weight 0 are never chosen).
            var low = 0, high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] > u { high = mid } else { low = mid + 1 }
            }
            let c = low % width, r = low / width
            return Point(Double(c) + rng.nextUniform(), Double(height - r - 1) + rng.nextUniform())
        }
    }

    /// The pixel (column, row from the top) that holds `p`, if any.
    public func pixel(containing p: Point) -> (column: Int, row: Int)? {
        let c = Int(p.x.rounded(.down)), yFloor = Int(p.y.rounded(.down))
        let r = height - 1 - yFloor
        guard c >= 0, c < width, r >= 0, r < height else { return nil }
        return (c, r)
    }

    // MARK: Decoders

    static func decodePNG(_ bytes: [UInt8], path: String) throws -> (Int, Int, [Double]) {
        func bad(_ reason: String) -> DataError { .badPicture(path: path, reason: reason) }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        func message() -> String {
            withUnsafeBytes(of: image.message) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
        }
        let begun = bytes.withUnsafeBufferPointer { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else {
            defer { png_image_free(&image) }
            throw bad("not a readable PNG (\(message()))")
        }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width <= maximumSide, height <= maximumSide else {
            png_image_free(&image)
            throw bad("\(width) × \(height) pixels is larger than \(maximumSide) × \(maximumSide)")
        }
        // Grey + alpha, 8 bits each: libpng converts colour to luminance and expands palettes.
        image.format = UInt32(PNG_FORMAT_GA)
        var buffer = [UInt8](repeating: 0, count: 2 * width * height)
        let finished = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else {
            defer { png_image_free(&image) }
            throw bad("a damaged or truncated PNG (\(message()))")
        }
        var weights = [Double](repeating: 0, count: width * height)
        for i in weights.indices {
            weights[i] = Double(buffer[2 * i]) / 255 * Double(buffer[2 * i + 1]) / 255
        }
        return (width, height, weights)
    }

    /// Netpbm PGM: `P2` (decimal samples) or `P5` (binary, 1 or 2 bytes big-endian per sample).
    static func decodePGM(_ bytes: [UInt8], path: String) throws -> (Int, Int, [Double]) {
        func bad(_ reason: String) -> DataError { .badPicture(path: path, reason: reason) }
        var i = 2
        func skipSpaceAndComments() {
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "#") {
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) {
                    i += 1
                } else { return }
            }
        }
        func number(_ what: String) throws -> Int {
            skipSpaceAndComments()
            var value = 0, digits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, digits < 9 {
                value = value * 10 + Int(bytes[i] - 0x30)
                i += 1
                digits += 1
            }
            guard digits > 0 else { throw bad("its \(what) is missing or not a number (truncated?)") }
            return value
        }
        let binary = bytes[1] == UInt8(ascii: "5")
        let width = try number("width"), height = try number("height"), maxValue = try number("maximum value")
        guard width > 0, height > 0 else { throw bad("it has no pixels") }
        guard width <= maximumSide, height <= maximumSide else {
            throw bad("\(width) × \(height) pixels is larger than \(maximumSide) × \(maximumSide)")
        }
        guard maxValue > 0, maxValue < 65_536 else { throw bad("maximum value \(maxValue) is not in 1…65535") }
        let count = width * height
        var weights = [Double](repeating: 0, count: count)
        if binary {
            i += 1  // the single whitespace after the maximum value
            let size = maxValue < 256 ? 1 : 2
            guard bytes.count - i >= count * size else {
                throw bad("truncated: \(width) × \(height) pixels need \(count * size) bytes, found \(max(0, bytes.count - i))")
            }
            for k in 0..<count {
                let v = size == 1 ? Int(bytes[i + k]) : Int(bytes[i + 2 * k]) << 8 | Int(bytes[i + 2 * k + 1])
                guard v <= maxValue else { throw bad("pixel \(k) is \(v), above the maximum value \(maxValue)") }
                weights[k] = Double(v) / Double(maxValue)
            }
        } else {
            for k in 0..<count {
                let v = try number("pixel \(k)")
                guard v <= maxValue else { throw bad("pixel \(k) is \(v), above the maximum value \(maxValue)") }
                weights[k] = Double(v) / Double(maxValue)
            }
        }
        return (width, height, weights)
    }
}
