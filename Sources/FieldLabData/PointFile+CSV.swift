import FieldLabCore

/// Points as CSV text: a header line `x,y`, then one `x,y` row per point.
enum CSVFormat {
    /// Parses CSV bytes (see ``PointFile/read(_:)`` for what is accepted).
    /// Line numbers in errors are 1-based lines of the file, blank ones included.
    ///
    /// Works on the bytes rather than on `Character`s (about 6× faster): the
    /// only non-ASCII text allowed is in the header, which is decoded whole.
    static func decode(_ bytes: [UInt8], path: String) throws -> [Point] {
        try bytes.withUnsafeBufferPointer { buffer in
            var points = [Point]()
            var sawHeader = false
            var lineNumber = 0
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0     // UTF-8 byte-order mark
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != newline { end += 1 }
                lineNumber += 1
                let line = trimmed(start..<end, in: buffer)
                start = end + 1
                if line.isEmpty { continue }
                let text = { String(decoding: UnsafeBufferPointer(rebasing: buffer[line]), as: UTF8.self) }
                if !sawHeader {
                    let names = text().split(separator: ",", omittingEmptySubsequences: false)
                        .map { unquoted(String($0).trimmingBlanks).lowercased() }
                    guard names == ["x", "y"] else { throw DataError.badHeader(path: path, found: text()) }
                    sawHeader = true
                    continue
                }
                let commas = line.filter { buffer[$0] == comma }
                guard commas.count == 1,
                      let x = number(trimmed(line.lowerBound..<commas[0], in: buffer), in: buffer),
                      let y = number(trimmed(commas[0] + 1..<line.upperBound, in: buffer), in: buffer)
                else { throw DataError.malformedRow(path: path, line: lineNumber, text: text()) }
                guard x.isFinite && y.isFinite else { throw DataError.nonFinite(path: path, line: lineNumber) }
                points.append(Point(x, y))
            }
            if !sawHeader { throw DataError.emptyFile(path) }
            return points
        }
    }

    private static let newline = UInt8(ascii: "\n"), comma = UInt8(ascii: ",")

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// `range` without leading and trailing spaces, tabs and carriage returns.
    private static func trimmed(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && isBlank(buffer[lower]) { lower += 1 }
        while upper > lower && isBlank(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The number spelled by `buffer[range]` (Swift's `Double` syntax:
    /// decimal, scientific, hexadecimal, `nan`, `inf`), or nil.
    private static func number(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Double? {
        Double(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self))
    }

    /// The header and one row per point. Swift's `description` of a `Double` is
    /// the shortest text that parses back to the same bits.
    static func encode(_ points: [Point]) -> [UInt8] {
        var text = "x,y\n"
        text.reserveCapacity(4 + 40 * points.count)
        for p in points {
            text += "\(p.x),\(p.y)\n"
        }
        return Array(text.utf8)
    }

    /// A header name without one pair of surrounding double quotes.
    private static func unquoted(_ name: String) -> String {
        name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"")
            ? String(name.dropFirst().dropLast()) : name
    }
}

extension String {
    /// Without surrounding spaces and tabs.
    fileprivate var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
