/// Text in the built-in pixel font (`BitmapFont`), drawn without smoothing at
/// an integer `scale` so it stays sharp (a glyph is 5×7 pixels at scale 1,
/// 10×14 at scale 2).
extension Canvas {
    /// Draws `s` with the top-left corner of its first glyph cell at `(x, y)`.
    ///
    /// Capitals span rows `y ..< y + 7·scale`; descenders reach `y + 9·scale`.
    /// `\n` starts a new line `11·scale` pixels lower. Characters without a
    /// glyph are drawn as a look-alike or `?`. Pixels outside the canvas are
    /// skipped, so text may run off the edge.
    public mutating func drawText(_ s: String, at x: Int, y: Int, color: RGB, scale: Int = 1) {
        precondition(scale >= 1, "Text scale must be at least 1, got \(scale)")
        var penX = x, penY = y
        for character in s {
            if character == "\n" {
                penX = x
                penY += BitmapFont.lineHeight * scale
                continue
            }
            let rows = BitmapFont.rows(character)
            for (row, mask) in rows.enumerated() where mask != 0 {
                for column in 0 ..< BitmapFont.glyphWidth where mask & (1 << (BitmapFont.glyphWidth - 1 - column)) != 0 {
                    fill(rect: PixelRect(x: penX + column * scale, y: penY + row * scale,
                                         width: scale, height: scale),
                         color: color)
                }
            }
            penX += BitmapFont.advance * scale
        }
    }

    /// The size in pixels of the box `drawText` uses for `s`: widest line
    /// (glyph cells and the one-pixel gaps between them) by all lines
    /// including the last line's descender rows.
    public static func textSize(_ s: String, scale: Int = 1) -> (width: Int, height: Int) {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        let longest = lines.map(\.count).max() ?? 0
        let width = longest == 0 ? 0 : (longest * BitmapFont.advance - 1) * scale
        let height = ((lines.count - 1) * BitmapFont.lineHeight + BitmapFont.cellHeight) * scale
        return (width, height)
    }

    /// Height of one line of text including its gap to the next, in pixels.
    public static func lineHeight(scale: Int = 1) -> Int {
        BitmapFont.lineHeight * scale
    }

    /// Splits `s` into lines no wider than `maxWidth` pixels, breaking at
    /// spaces; a word longer than a line is cut with `…`.
    public static func wrap(_ s: String, maxWidth: Int, scale: Int = 1) -> [String] {
        let perLine = max(1, (maxWidth / scale + 1) / BitmapFont.advance)
        var lines = [String]()
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                if word.count > perLine { word = String(word.prefix(max(0, perLine - 1))) + "…" }
                if current.isEmpty {
                    current = word
                } else if current.count + 1 + word.count <= perLine {
                    current += " " + word
                } else {
                    lines.append(current)
                    current = word
                }
            }
            lines.append(current)
        }
        return lines
    }
}
