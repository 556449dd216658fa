import Foundation

/// Binary PPM (Netpbm P6): an ASCII header `P6 width height 255` followed by
/// the raw RGB bytes of each row, top row first. Trivial to write and read,
/// and every image tool opens it.
extension ImageFile {
    /// Writes `canvas` as binary PPM, atomically.
    public static func writePPM(_ canvas: Canvas, to path: String) throws {
        try writeAtomically(ppmBytes(canvas), to: path)
    }

    /// The PPM encoding of `canvas`.
    public static func ppmBytes(_ canvas: Canvas) -> [UInt8] {
        var bytes = Array("P6\n\(canvas.width) \(canvas.height)\n255\n".utf8)
        bytes.reserveCapacity(bytes.count + 3 * canvas.pixels.count)
        for p in canvas.pixels { bytes.append(p.r); bytes.append(p.g); bytes.append(p.b) }
        return bytes
    }

    /// Reads a binary PPM (P6, maximum value 255; `#` comments allowed in the header).
    public static func readPPM(_ path: String) throws -> Canvas {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderError.unreadable("'\(path)': no such file or not readable")
        }
        return try decodePPM([UInt8](data), name: path)
    }

    /// Decodes PPM bytes; `name` appears in error messages.
    public static func decodePPM(_ bytes: [UInt8], name: String = "PPM data") throws -> Canvas {
        var i = 0
        func skipSpaceAndComments() {
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "#") {
                    while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(bytes[i]) {
                    i += 1
                } else { return }
            }
        }
        func token() -> String {
            skipSpaceAndComments()
            let start = i
            while i < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, UInt8(ascii: "#")].contains(bytes[i]) {
                i += 1
            }
            return String(decoding: bytes[start ..< i], as: UTF8.self)
        }
        guard token() == "P6" else { throw RenderError.malformedImage("\(name) is not a binary PPM (no P6 magic)") }
        guard let width = Int(token()), let height = Int(token()), width >= 0, height >= 0,
              width <= 1 << 15, height <= 1 << 15 else {
            throw RenderError.malformedImage("\(name) has an invalid PPM size")
        }
        guard let maxValue = Int(token()), maxValue == 255 else {
            throw RenderError.malformedImage("\(name) has a PPM maximum value other than 255")
        }
        i += 1   // exactly one whitespace byte separates the header from the pixels
        let count = width * height
        guard i + 3 * count <= bytes.count else {
            throw RenderError.malformedImage("\(name) is truncated: \(width)×\(height) pixels need \(3 * count) bytes, found \(max(0, bytes.count - i))")
        }
        var pixels = [RGB]()
        pixels.reserveCapacity(count)
        for k in 0 ..< count {
            let j = i + 3 * k
            pixels.append(RGB(bytes[j], bytes[j + 1], bytes[j + 2]))
        }
        return Canvas(width: width, height: height, pixels: pixels)
    }
}
