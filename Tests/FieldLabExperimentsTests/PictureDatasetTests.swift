import Foundation
import Testing
import FieldLabCore
import FieldLabCLI
import FieldLabData
import FieldLabExperiments
@testable import FieldLabRender

/// Pictures as datasets: the grey level (luminance × opacity) is an
/// unnormalised density in pixel units with y up, read through libpng (PNG)
/// or by hand (PGM); draws recover it; a trained model puts its samples on
/// the bright pixels; bad pictures are named in one line.
@Suite struct PictureDatasetTests {
    /// A grey picture (RGB with r = g = b) written by FieldLab's own PNG writer.
    static func greyPNG(_ grey: [[UInt8]], to path: String) throws {
        var canvas = Canvas(width: grey[0].count, height: grey.count, background: RGB(0, 0, 0))
        for (r, row) in grey.enumerated() {
            for (c, v) in row.enumerated() { canvas[c, r] = RGB(v, v, v) }
        }
        try ImageFile.writePNG(canvas, to: path)
    }

    /// An RGBA PNG (colour type 6), chunk by chunk.
    static func rgbaPNG(width: Int, height: Int, pixel: (Int, Int) -> [UInt8]) throws -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]
        ImageFile.appendChunk("IHDR", header, to: &png)
        var raw = [UInt8]()
        for r in 0..<height {
            raw.append(0)
            for c in 0..<width { raw += pixel(c, r) }
        }
        ImageFile.appendChunk("IDAT", try ImageFile.deflate(raw), to: &png)
        ImageFile.appendChunk("IEND", [], to: &png)
        return png
    }

    @Test func drawsRecoverThePixelValues() throws {
        try withTemporaryFolder("picture-histogram") { folder in
            // 12 × 8 pixels of varied grey levels (some black).
            func level(_ c: Int, _ r: Int) -> UInt8 {
                guard c % 5 != 0 else { return 0 }
                return UInt8((37 * c + 91 * r) % 256 / 3)
            }
            let grey: [[UInt8]] = (0..<8).map { r in (0..<12).map { c in level(c, r) } }
            let path = folder + "/grey.png"
            try Self.greyPNG(grey, to: path)
            let picture = try PictureDensity(contentsOf: path)
            #expect(picture.width == 12 && picture.height == 8)
            // libpng's luminance of a grey sRGB pixel is the pixel itself.
            for r in 0..<8 { for c in 0..<12 { #expect(abs(picture.weights[r * 12 + c] - Double(grey[r][c]) / 255) < 1e-12) } }
            var rng = SeededGenerator(seed: 3)
            let draws = picture.sample(count: 100_000, using: &rng)
            var counts = [Int](repeating: 0, count: 96)
            for p in draws {
                let (c, r) = try #require(picture.pixel(containing: p))
                counts[r * 12 + c] += 1
            }
            let total = grey.joined().reduce(0) { $0 + Double($1) }
            var chiSquare = 0.0, variation = 0.0, cells = 0
            for r in 0..<8 {
                for c in 0..<12 {
                    let expected = Double(grey[r][c]) / total * 100_000
                    let observed = Double(counts[r * 12 + c])
                    variation += abs(observed - expected) / 200_000
                    if expected == 0 { #expect(observed == 0, "a black pixel was drawn") } else {
                        chiSquare += (observed - expected) * (observed - expected) / expected
                        cells += 1
                    }
                }
            }
            // χ² with cells − 1 degrees of freedom: its mean is cells − 1 and its sd √(2(cells − 1)).
            #expect(chiSquare < Double(cells - 1) + 5 * Double(2 * (cells - 1)).squareRoot(), "χ² \(chiSquare) over \(cells) cells")
            #expect(variation < 0.02, "total variation \(variation)")
        }
    }

    @Test func pixelsAreUnitSquaresWithYUp() throws {
        // One bright pixel at column 3 of the top row of an 8 × 5 picture.
        let weights = (0..<40).map { $0 == 3 ? 1.0 : 0 }
        let picture = try PictureDensity(width: 8, height: 5, weights: weights)
        var rng = SeededGenerator(seed: 1)
        for p in picture.sample(count: 1000, using: &rng) {
            #expect(p.x >= 3 && p.x < 4 && p.y >= 4 && p.y < 5, "\(p)")
        }
    }

    @Test func colourIsLuminanceAndAlphaIsTransparency() throws {
        try withTemporaryFolder("picture-rgba") { folder in
            // Column 0 opaque white, column 1 white at half opacity, column 2 transparent white,
            // column 3 opaque pure green.
            let bytes = try Self.rgbaPNG(width: 4, height: 1) { c, _ in
                [[255, 255, 255, 255], [255, 255, 255, 128], [255, 255, 255, 0], [0, 255, 0, 255]][c]
            }
            let path = folder + "/rgba.png"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let picture = try PictureDensity(contentsOf: path)
            #expect(picture.weights[0] == 1)
            #expect(picture.weights[2] == 0)
            // libpng keeps the grey at full value and the alpha at 128/255.
            #expect(abs(picture.weights[1] - 128.0 / 255) < 2.0 / 255, "\(picture.weights[1])")
            // Pure green's luminance, 0.7152 in linear light, re-encoded for display (gamma 1/2.2): 0.859.
            #expect(abs(picture.weights[3] - pow(0.7152, 1 / 2.2)) < 2.0 / 255, "\(picture.weights[3])")
        }
    }

    @Test func pgmInTextAndBinary() throws {
        try withTemporaryFolder("picture-pgm") { folder in
            try "P2\n# a comment\n3 2\n10\n0 5 10\n10 0 2\n".write(toFile: folder + "/a.pgm", atomically: true, encoding: .utf8)
            let a = try PictureDensity(contentsOf: folder + "/a.pgm")
            #expect(a.width == 3 && a.height == 2 && a.weights == [0, 0.5, 1, 1, 0, 0.2])
            let binary = Array("P5 2 1 65535\n".utf8) + [0xFF, 0xFF, 0x80, 0x00]
            try Data(binary).write(to: URL(fileURLWithPath: folder + "/b.pgm"))
            let b = try PictureDensity(contentsOf: folder + "/b.pgm")
            #expect(b.weights == [1, Double(0x8000) / 65535])
        }
    }

    @Test func badPicturesAreNamedInOneLine() throws {
        try withTemporaryFolder("picture-bad") { folder in
            try Self.greyPNG([[0, 0], [0, 0]], to: folder + "/black.png")
            let wide = Canvas(width: 5000, height: 1, background: RGB(200, 200, 200))
            try ImageFile.writePNG(wide, to: folder + "/wide.png")
            try Self.greyPNG([[10, 200, 30], [40, 50, 60]], to: folder + "/good.png")
            let good = try Data(contentsOf: URL(fileURLWithPath: folder + "/good.png"))
            try good.prefix(good.count - 20).write(to: URL(fileURLWithPath: folder + "/truncated.png"))
            try "x,y\n1,2\n".write(toFile: folder + "/text.png", atomically: true, encoding: .utf8)
            try "P5 3000 5000 255\n".write(toFile: folder + "/huge.pgm", atomically: true, encoding: .utf8)
            try "P2 2 2 255\n1 2 3\n".write(toFile: folder + "/short.pgm", atomically: true, encoding: .utf8)
            for (name, message) in [
                ("black.png", "it is all black (or transparent): no density to sample"),
                ("wide.png", "5000 × 1 pixels is larger than 4096 × 4096"),
                ("truncated.png", "a damaged or truncated PNG"),
                ("text.png", "not a PNG or PGM picture"),
                ("huge.pgm", "3000 × 5000 pixels is larger than 4096 × 4096"),
                ("short.pgm", "its pixel 3 is missing or not a number"),
                ("missing.png", "no such file"),
            ] {
                let out = folder + "/out-\(name)"
                expectOneLineError(["train", "--flow-matching", "--dataset", folder + "/" + name, "--steps", "5", "--out", out],
                                   containing: message)
                #expect(!FileManager.default.fileExists(atPath: out), "\(name) left \(out)")
            }
        }
    }

    /// A picture with a bright square: a trained model puts ≥ 90 % of its samples on it.
    @Test func trainedSamplesLandOnTheBrightPixels() throws {
        try withTemporaryFolder("picture-train") { folder in
            // 40 × 40, dark, with a bright 14 × 14 square and a dim one (a tenth as bright).
            func level(_ c: Int, _ r: Int) -> UInt8 {
                if (6..<20).contains(r) && (8..<22).contains(c) { return 255 }
                return (24..<34).contains(r) && (24..<34).contains(c) ? 25 : 0
            }
            let grey: [[UInt8]] = (0..<40).map { r in (0..<40).map { c in level(c, r) } }
            let path = folder + "/squares.png"
            try Self.greyPNG(grey, to: path)
            let out = folder + "/run"
            var errors: [String] = []
            let status = FieldLabCommand.run(["train", "--flow-matching", "--dataset", path, "--steps", "1500",
                                              "--batch-size", "512", "--samples", "2000", "--out", out],
                                             errorOutput: { errors.append($0) })
            try #require(status == 0, "\(errors)")
            let picture = try PictureDensity(contentsOf: path)
            let samples = try PointFile.read(out + "/samples.csv")
            let bright = samples.filter { p in picture.pixel(containing: p).map { grey[$0.row][$0.column] > 0 } ?? false }
            let share = Double(bright.count) / Double(samples.count)
            #expect(share >= 0.9, "\(share) of the samples on bright pixels")
            // The training points themselves are in pixel units, on bright pixels only.
            let training = try PointFile.read(out + "/training-set.csv")
            #expect(training.allSatisfy { p in picture.pixel(containing: p).map { grey[$0.row][$0.column] > 0 } ?? false })
        }
    }
}
