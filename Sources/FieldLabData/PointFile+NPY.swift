import FieldLabCore

/// Points as a NumPy `.npy` array of shape `(n, 2)`.
///
/// Format (NumPy NEP 1): the magic `\x93NUMPY`, a major and minor version
/// byte, the header length (2 bytes little endian in version 1, 4 bytes in
/// versions 2 and 3), an ASCII Python dict literal with `descr`,
/// `fortran_order` and `shape`, padded with spaces and a newline so the data
/// starts at a multiple of 64 bytes, then the raw array.
enum NPYFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// Decodes an `(n, 2)` array of little-endian float64 (`<f8`) or float32
    /// (`<f4`), C or Fortran order.
    static func decode(_ bytes: [UInt8], path: String) throws -> [Point] {
        func fail(_ reason: String) -> DataError { .badNPY(path: path, reason: reason) }
        guard hasMagic(bytes) else { throw fail("it does not start with the NPY magic bytes") }
        guard bytes.count >= 10 else { throw fail("truncated header") }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw fail("unsupported NPY version \(major).\(bytes[7])")
        }
        let dataStart = headerStart + headerLength
        guard dataStart <= bytes.count else { throw fail("truncated header") }
        let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)

        guard let descr = value(of: "descr", in: header) else { throw fail("the header has no 'descr'") }
        let width: Int
        switch descr {
        case "<f8": width = 8
        case "<f4": width = 4
        case ">f8", ">f4": throw fail("big-endian data ('\(descr)') is not supported")
        default: throw fail("element type '\(descr)' is not float64 or float32")
        }
        let fortranOrder: Bool
        switch value(of: "fortran_order", in: header) {
        case "False": fortranOrder = false
        case "True": fortranOrder = true
        default: throw fail("the header has no valid 'fortran_order'")
        }
        guard let shapeText = value(of: "shape", in: header) else { throw fail("the header has no 'shape'") }
        let dims = shapeText.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        guard dims.count == 2, let n = Int(dims[0]), n >= 0, dims[1] == "2" else {
            throw fail("shape (\(shapeText)) is not (n, 2)")
        }

        // (A shape too large for memory overflows the byte count: it cannot match the file.)
        let (expected, overflow) = n.multipliedReportingOverflow(by: 2 * width)
        let found = bytes.count - dataStart
        guard !overflow else { throw fail("truncated: shape (\(n), 2) is larger than any file, found \(found) data bytes") }
        guard found == expected else {
            throw fail(found < expected
                ? "truncated: shape (\(n), 2) needs \(expected) data bytes, found \(found)"
                : "\(found - expected) unexpected bytes after the array")
        }
        let values: [Double] = bytes.withUnsafeBytes { raw in
            (0..<(2 * n)).map { i in
                let offset = dataStart + i * width
                return width == 8
                    ? Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    : Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
            }
        }
        var points = [Point]()
        points.reserveCapacity(n)
        for i in 0..<n {
            let p = fortranOrder ? Point(values[i], values[n + i]) : Point(values[2 * i], values[2 * i + 1])
            guard p.x.isFinite && p.y.isFinite else { throw DataError.nonFinite(path: path, line: i + 1) }
            points.append(p)
        }
        return points
    }

    /// Version 1.0, `<f8`, C order, exactly as `numpy.save` lays it out.
    static func encode(_ points: [Point]) -> [UInt8] {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(points.count), 2), }"
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        var bytes = magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 16 * points.count)
        for p in points {
            for v in [p.x, p.y] {
                withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// The text of `key`'s value in a Python dict literal: a quoted string's
    /// contents, a parenthesised tuple's contents, or a bare word.
    private static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        guard let first = rest.first else { return nil }
        let closing: Character? = first == "'" || first == "\"" ? first : first == "(" ? ")" : nil
        if let closing {
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: closing) else { return nil }
            return String(body[..<end])
        }
        return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingSpaces
    }
}

extension StringProtocol {
    /// Without surrounding spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
