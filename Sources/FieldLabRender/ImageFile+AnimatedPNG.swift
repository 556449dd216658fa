import CZlib
import Foundation

/// Animated PNG (APNG, part of the W3C PNG specification, 3rd edition):
/// IHDR, `acTL` (frame count, plays forever), then for each frame an `fcTL`
/// (its size, offset 0, delay, no disposal, no blending) and its image data:
/// `IDAT` for the first frame, which is also what a viewer without APNG
/// support shows, and `fdAT` (a sequence number, then the same zlib stream)
/// for the others. `fcTL` and `fdAT` share one sequence counter from 0.
///
/// Frames are stored with one palette of at most 256 colours (colour type
/// 3), which keeps an animation a few hundred kB: exact when the frames use
/// at most 256 colours in all, otherwise the 256 most frequent colours at 5
/// bits per channel, each pixel drawn in the nearest of them (a smooth heat
/// map then shows faint bands). Measured on an exact-field animation of 7
/// frames of 288 × 354: 842 kB as truecolour, 220 kB with the palette. Every
/// frame must have the first frame's size.
extension ImageFile {
    /// One frame and how long it shows, in seconds (kept to 1/1000 s).
    public struct Frame: Sendable {
        public var canvas: Canvas
        public var seconds: Double
        public init(_ canvas: Canvas, seconds: Double) {
            self.canvas = canvas
            self.seconds = seconds
        }
    }

    /// Writes `frames` as an animated PNG, atomically.
    public static func writeAnimatedPNG(_ frames: [Frame], to path: String) throws {
        guard (path as NSString).pathExtension.lowercased() == "png" else { throw RenderError.unsupportedFormat(path) }
        try writeAtomically(try animatedPNGBytes(frames), to: path)
    }

    /// The APNG encoding of `frames`.
    public static func animatedPNGBytes(_ frames: [Frame]) throws -> [UInt8] {
        precondition(!frames.isEmpty, "an animation needs at least one frame")
        let width = frames[0].canvas.width, height = frames[0].canvas.height
        precondition(width > 0 && height > 0, "PNG needs a non-empty canvas")
        precondition(frames.allSatisfy { $0.canvas.width == width && $0.canvas.height == height },
                     "every frame of an animated PNG has the first frame's size")
        let (palette, indexed) = Self.palette(of: frames.map(\.canvas))
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 3, 0, 0, 0]    // 8-bit palette indices
        appendChunk("IHDR", header, to: &png)
        appendChunk("PLTE", palette.flatMap { [$0.r, $0.g, $0.b] }, to: &png)
        var control = [UInt8]()
        control.appendBigEndian(UInt32(frames.count))
        control.appendBigEndian(0)  // plays: 0 = forever
        appendChunk("acTL", control, to: &png)
        var sequence: UInt32 = 0
        for (index, frame) in frames.enumerated() {
            var fctl = [UInt8]()
            fctl.appendBigEndian(sequence)
            sequence += 1
            fctl.appendBigEndian(UInt32(width))
            fctl.appendBigEndian(UInt32(height))
            fctl.appendBigEndian(0)  // x offset
            fctl.appendBigEndian(0)  // y offset
            let milliseconds = max(0, min(65_535, Int((frame.seconds * 1000).rounded())))
            fctl.appendBigEndian16(UInt16(milliseconds))
            fctl.appendBigEndian16(1000)
            fctl += [0, 0]           // dispose: none; blend: source (every frame is whole)
            appendChunk("fcTL", fctl, to: &png)
            // Filter 0 on every row (the specification's advice for palette images).
            var rows = [UInt8]()
            rows.reserveCapacity(height * (width + 1))
            for y in 0..<height {
                rows.append(0)
                rows += indexed[index][(y * width)..<((y + 1) * width)]
            }
            let data = try deflate(rows)
            if index == 0 {
                appendChunk("IDAT", data, to: &png)
            } else {
                var fdat = [UInt8]()
                fdat.reserveCapacity(4 + data.count)
                fdat.appendBigEndian(sequence)
                sequence += 1
                fdat += data
                appendChunk("fdAT", fdat, to: &png)
            }
        }
        appendChunk("IEND", [], to: &png)
        return png
    }
}

extension ImageFile {
    /// A palette of at most 256 colours for `canvases` and each canvas as
    /// palette indices: exact if they hold at most 256 colours, otherwise the
    /// most frequent colours at 5 bits per channel, each pixel mapped to the
    /// nearest (squared RGB distance).
    static func palette(of canvases: [Canvas]) -> (palette: [RGB], indexed: [[UInt8]]) {
        var exact: [RGB: UInt8] = [:]
        var palette: [RGB] = []
        exactSearch: for canvas in canvases {
            for p in canvas.pixels where exact[p] == nil {
                guard palette.count < 256 else { palette = []; exact = [:]; break exactSearch }
                exact[p] = UInt8(palette.count)
                palette.append(p)
            }
        }
        if !palette.isEmpty {
            return (palette, canvases.map { $0.pixels.map { exact[$0]! } })
        }
        func bin(_ p: RGB) -> Int { Int(p.r >> 3) << 10 | Int(p.g >> 3) << 5 | Int(p.b >> 3) }
        var counts = [Int](repeating: 0, count: 1 << 15)
        var sums = [(Int, Int, Int)](repeating: (0, 0, 0), count: 1 << 15)
        for canvas in canvases {
            for p in canvas.pixels {
                let b = bin(p)
                counts[b] += 1
                sums[b].0 += Int(p.r); sums[b].1 += Int(p.g); sums[b].2 += Int(p.b)
            }
        }
        // The 256 most frequent bins, each as the mean colour of its pixels.
        let chosen = counts.indices.filter { counts[$0] > 0 }.sorted { counts[$0] > counts[$1] }.prefix(256)
        palette = chosen.map { b in
            RGB(UInt8(sums[b].0 / counts[b]), UInt8(sums[b].1 / counts[b]), UInt8(sums[b].2 / counts[b]))
        }
        // Nearest palette entry per occupied bin (by the bin's mean colour).
        var nearest = [UInt8](repeating: 0, count: 1 << 15)
        for b in counts.indices where counts[b] > 0 {
            let r = sums[b].0 / counts[b], g = sums[b].1 / counts[b], bl = sums[b].2 / counts[b]
            var best = 0, bestDistance = Int.max
            for (k, q) in palette.enumerated() {
                let dr = r - Int(q.r), dg = g - Int(q.g), db = bl - Int(q.b)
                let d = dr * dr + dg * dg + db * db
                if d < bestDistance { bestDistance = d; best = k }
            }
            nearest[b] = UInt8(best)
        }
        return (palette, canvases.map { $0.pixels.map { nearest[bin($0)] } })
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian16(_ value: UInt16) {
        append(UInt8(value >> 8)); append(UInt8(value & 0xFF))
    }
}
