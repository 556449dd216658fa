import CZlib
import Foundation
import Testing
@testable import FieldLabRender

/// The animated PNG writer, read back chunk by chunk: valid CRCs, one
/// `acTL` with the frame count, `fcTL`/`fdAT` sequence numbers 0, 1, 2, …,
/// each frame's delay, and every frame's pixels (through zlib and the
/// palette) equal to the canvas it came from when they use ≤ 256 colours,
/// and within one 5-bit step per channel of it when they use more.
@Suite struct AnimatedPNGTests {
    struct Chunk { var type: String; var data: [UInt8] }

    static func chunks(_ png: [UInt8]) throws -> [Chunk] {
        try #require(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var i = 8, result: [Chunk] = []
        func u32(_ at: Int) -> Int { Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3]) }
        while i < png.count {
            let n = u32(i)
            let typeAndData = Array(png[(i + 4)..<(i + 8 + n)])
            let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            #expect(Int(crc) == u32(i + 8 + n), "bad CRC")
            result.append(Chunk(type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4))))
            i += 12 + n
        }
        return result
    }

    static func u32(_ d: [UInt8], _ at: Int) -> Int { Int(d[at]) << 24 | Int(d[at + 1]) << 16 | Int(d[at + 2]) << 8 | Int(d[at + 3]) }

    /// Each frame's pixels, decoded from its zlib stream and the palette.
    static func decode(_ chunks: [Chunk]) throws -> (frames: [[RGB]], delays: [Int]) {
        let header = chunks[0].data
        let width = u32(header, 0), height = u32(header, 4)
        #expect(header[8] == 8 && header[9] == 3)
        let plte = try #require(chunks.first { $0.type == "PLTE" }).data
        let palette = stride(from: 0, to: plte.count, by: 3).map { RGB(plte[$0], plte[$0 + 1], plte[$0 + 2]) }
        var frames: [[RGB]] = [], delays: [Int] = []
        for chunk in chunks where ["IDAT", "fdAT", "fcTL"].contains(chunk.type) {
            if chunk.type == "fcTL" {
                delays.append(Int(chunk.data[20]) << 8 | Int(chunk.data[21]))
                #expect(Int(chunk.data[22]) << 8 | Int(chunk.data[23]) == 1000)
                continue
            }
            let stream = chunk.type == "IDAT" ? chunk.data : Array(chunk.data.dropFirst(4))
            var size = uLong(height * (width + 1))
            var raw = [UInt8](repeating: 0, count: Int(size))
            let status = raw.withUnsafeMutableBufferPointer { out in
                stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
            }
            try #require(status == Z_OK && Int(size) == height * (width + 1))
            var pixels: [RGB] = []
            for y in 0..<height {
                #expect(raw[y * (width + 1)] == 0, "filter 0")
                for x in 0..<width { pixels.append(palette[Int(raw[y * (width + 1) + 1 + x])]) }
            }
            frames.append(pixels)
        }
        return (frames, delays)
    }

    @Test func fewColoursAreKeptExactly() throws {
        var frames: [ImageFile.Frame] = []
        for k in 0..<5 {
            var canvas = Canvas(width: 23, height: 17, background: RGB(10, 20, 30))
            for x in 0..<23 { canvas[x, (3 * k + x) % 17] = RGB(UInt8(40 * k), 200, UInt8(x)) }
            frames.append(ImageFile.Frame(canvas, seconds: 0.1 * Double(k + 1)))
        }
        let chunks = try Self.chunks(try ImageFile.animatedPNGBytes(frames))
        #expect(chunks.map(\.type).prefix(4) == ["IHDR", "PLTE", "acTL", "fcTL"])
        let actl = try #require(chunks.first { $0.type == "acTL" })
        #expect(Self.u32(actl.data, 0) == 5 && Self.u32(actl.data, 4) == 0)
        let sequence = chunks.filter { $0.type == "fcTL" || $0.type == "fdAT" }.map { Self.u32($0.data, 0) }
        #expect(sequence == Array(0..<9))
        #expect(chunks.last?.type == "IEND" && chunks.filter { $0.type == "IDAT" }.count == 1)
        let (decoded, delays) = try Self.decode(chunks)
        #expect(delays == [100, 200, 300, 400, 500])
        #expect(decoded == frames.map(\.canvas.pixels))
    }

    @Test func manyColoursAreQuantisedToTheNearestOfTheCommonest() throws {
        // A smooth gradient of 64 × 64 distinct colours in two frames.
        let frames = (0..<2).map { k in
            var canvas = Canvas(width: 64, height: 64, background: RGB(0, 0, 0))
            for y in 0..<64 { for x in 0..<64 { canvas[x, y] = RGB(UInt8(4 * x), UInt8(4 * y), UInt8(100 + 50 * k)) } }
            return ImageFile.Frame(canvas, seconds: 0.5)
        }
        let chunks = try Self.chunks(try ImageFile.animatedPNGBytes(frames))
        let plte = try #require(chunks.first { $0.type == "PLTE" }).data
        #expect(plte.count == 3 * 256)
        let palette = stride(from: 0, to: plte.count, by: 3).map { RGB(plte[$0], plte[$0 + 1], plte[$0 + 2]) }
        let (decoded, _) = try Self.decode(chunks)
        func distance(_ a: RGB, _ b: RGB) -> Double {
            let dr = Double(a.r) - Double(b.r), dg = Double(a.g) - Double(b.g), db = Double(a.b) - Double(b.b)
            return (dr * dr + dg * dg + db * db).squareRoot()
        }
        var changed = 0
        for (frame, pixels) in zip(frames, decoded) {
            for (original, drawn) in zip(frame.canvas.pixels, pixels) {
                // Drawn in the kept colour nearest to it, up to the 5-bit binning (7 per channel, twice).
                let best = palette.map { distance($0, original) }.min()!
                #expect(distance(drawn, original) <= best + 2 * 7 * 3.0.squareRoot(), "\(original) drawn as \(drawn)")
                if drawn != original { changed += 1 }
            }
        }
        #expect(changed > 0, "8192 colours cannot all be kept")
    }
}
