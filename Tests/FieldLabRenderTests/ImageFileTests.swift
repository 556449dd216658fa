import Foundation
import Testing
import FieldLabCore
@testable import FieldLabRender

@Suite struct ImageFileTests {
    /// A small picture with every channel distinct, so a swapped channel or row shows.
    static func pattern(width: Int, height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height, background: RGB(0, 0, 0))
        for y in 0 ..< height {
            for x in 0 ..< width {
                canvas[x, y] = RGB(UInt8((x * 37 + y) & 0xFF), UInt8((y * 53 + 7) & 0xFF), UInt8((x * y + 11) & 0xFF))
            }
        }
        return canvas
    }

    /// Rows of independent random walks: smooth along a row, unrelated between
    /// rows, so the adaptive filters (Sub, Paeth…) beat filter 0 and get exercised.
    static func randomWalks(width: Int, height: Int) -> Canvas {
        var rng = SeededGenerator(seed: 5)
        var canvas = Canvas(width: width, height: height, background: RGB(0, 0, 0))
        for y in 0 ..< height {
            var v = (rng.nextIndex(below: 256), rng.nextIndex(below: 256), rng.nextIndex(below: 256))
            for x in 0 ..< width {
                v.0 = (v.0 + rng.nextIndex(below: 5) - 2) & 0xFF
                v.1 = (v.1 + rng.nextIndex(below: 5) - 2) & 0xFF
                v.2 = (v.2 + rng.nextIndex(below: 5) - 2) & 0xFF
                canvas[x, y] = RGB(UInt8(v.0), UInt8(v.1), UInt8(v.2))
            }
        }
        return canvas
    }

    // MARK: PPM

    @Test func ppmHeaderAndSizeAreExact() throws {
        try withTemporaryFolder { folder throws in
            let canvas = Self.pattern(width: 3, height: 2)
            let path = folder + "/small.ppm"
            try ImageFile.writePPM(canvas, to: path)
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
            let header = Array("P6\n3 2\n255\n".utf8)
            #expect(Array(bytes.prefix(header.count)) == header)
            #expect(bytes.count == header.count + 3 * 3 * 2)
            // First pixel, then the last pixel's blue byte.
            #expect(Array(bytes[header.count ..< header.count + 3]) == [canvas[0, 0].r, canvas[0, 0].g, canvas[0, 0].b])
            #expect(bytes.last == canvas[2, 1].b)
        }
    }

    @Test func ppmRoundTripsThroughReadPPM() throws {
        try withTemporaryFolder { folder throws in
            let canvas = Self.pattern(width: 37, height: 23)
            let path = folder + "/pattern.ppm"
            try ImageFile.write(canvas, to: path)
            let back = try ImageFile.readPPM(path)
            #expect(back.width == 37 && back.height == 23)
            #expect(back.pixels == canvas.pixels)
        }
    }

    @Test func readPPMAcceptsCommentsAndRejectsBadInput() throws {
        let withComment = Array("P6 # made by hand\n2 1\n# max\n255\n".utf8) + [1, 2, 3, 4, 5, 6]
        let canvas = try ImageFile.decodePPM(withComment)
        #expect(canvas.pixels == [RGB(1, 2, 3), RGB(4, 5, 6)])

        let bad: [[UInt8]] = [
            Array("P3\n1 1\n255\n1 2 3".utf8),            // ASCII PPM
            Array("P6\n2 2\n255\n".utf8) + [1, 2, 3],      // truncated
            Array("P6\n1 1\n65535\n".utf8) + [0, 0, 0, 0, 0, 0],  // 16-bit
            Array("P6\n-1 1\n255\n".utf8),
        ]
        for bytes in bad {
            #expect(throws: RenderError.self) { try ImageFile.decodePPM(bytes) }
        }
        #expect(throws: RenderError.self) { try ImageFile.readPPM("/nonexistent/fieldlab/x.ppm") }
    }

    // MARK: PNG

    @Test(arguments: [(29, 17, false), (64, 48, true), (1, 1, false)])
    func pngDecodesIndependentlyToThePixels(width: Int, height: Int, walks: Bool) throws {
        let canvas = walks ? Self.randomWalks(width: width, height: height) : Self.pattern(width: width, height: height)
        let png = try ImageFile.pngBytes(canvas)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

        let chunks = pngChunks(png)
        #expect(chunks.map(\.type).first == "IHDR")
        #expect(chunks.map(\.type).last == "IEND")
        for chunk in chunks {
            #expect(chunk.storedCRC == chunk.computedCRC, "CRC of \(chunk.type)")
        }
        let ihdr = try #require(chunks.first)
        #expect(ihdr.data.count == 13)
        #expect(Int(bigEndian(ihdr.data, at: 0)) == width)
        #expect(Int(bigEndian(ihdr.data, at: 4)) == height)
        #expect(Array(ihdr.data[8...]) == [8, 2, 0, 0, 0])   // 8-bit, RGB, deflate, standard filters, no interlace

        let idat = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        let scanlines = try #require(inflate(idat, size: height * (3 * width + 1)))
        let decoded = try #require(unfilter(scanlines, width: width, height: height))
        #expect(decoded.pixels == canvas.pixels)
        if walks {
            // The adaptive encoding won here, so the non-trivial filters were checked too.
            #expect(decoded.filters.contains { $0 != 0 })
        }
    }

    @Test func pngFileMatchesEncodedBytes() throws {
        try withTemporaryFolder { folder throws in
            let canvas = Self.pattern(width: 10, height: 10)
            let path = folder + "/pattern.PNG"
            try ImageFile.write(canvas, to: path)
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
            #expect(bytes == (try ImageFile.pngBytes(canvas)))
        }
    }

    // MARK: Errors

    @Test func unsupportedExtensionThrowsAndWritesNothing() throws {
        try withTemporaryFolder { folder throws in
            for name in ["picture.jpg", "picture", "picture.ppm.gz"] {
                let path = folder + "/" + name
                #expect(throws: RenderError.unsupportedFormat(path)) {
                    try ImageFile.write(Canvas(width: 2, height: 2, background: Theme.background), to: path)
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        }
    }

    @Test(arguments: ["x.png", "x.ppm"])
    func unwritablePathThrowsAndLeavesNoFile(_ name: String) throws {
        let canvas = Canvas(width: 4, height: 4, background: Theme.background)
        try withTemporaryFolder { folder throws in
            // A folder that does not exist.
            let missing = folder + "/missing/" + name
            #expect(throws: RenderError.self) { try ImageFile.write(canvas, to: missing) }
            #expect(!FileManager.default.fileExists(atPath: missing))

            // A destination that is a directory: the temporary file is written,
            // the rename fails, and the temporary file must be cleaned up.
            let blocked = folder + "/" + name
            try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: false)
            do {
                try ImageFile.write(canvas, to: blocked)
                Issue.record("writing over a directory should throw")
            } catch let error as RenderError {
                guard case .unwritable = error else { Issue.record("unexpected \(error)"); return }
                #expect(error.description.contains(blocked))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [name])
            #expect(try FileManager.default.contentsOfDirectory(atPath: blocked).isEmpty)
        }
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [RenderError] = [
            .unwritable("'/x/y.png': No such file or directory"), .unreadable("'/x'"),
            .unsupportedFormat("out.jpg"), .malformedImage("x is truncated"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
    }
}
