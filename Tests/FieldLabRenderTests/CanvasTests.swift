import Testing
@testable import FieldLabRender

@Suite struct CanvasTests {
    static let black = RGB(0, 0, 0), white = RGB(255, 255, 255)

    @Test func pixelLayoutIsRowMajorTopFirst() {
        var canvas = Canvas(width: 4, height: 3, background: Self.black)
        canvas[3, 1] = Self.white
        #expect(canvas.pixels[1 * 4 + 3] == Self.white)
        #expect(MemoryLayout<RGB>.stride == 3)
    }

    @Test func fillIsClippedToTheCanvas() {
        var canvas = Canvas(width: 10, height: 10, background: Self.black)
        canvas.fill(rect: PixelRect(x: 7, y: -5, width: 10, height: 8), color: Self.white)
        #expect(canvas.pixels.filter { $0 == Self.white }.count == 3 * 3)
        #expect(canvas[7, 0] == Self.white && canvas[9, 2] == Self.white && canvas[6, 0] == Self.black)
    }

    @Test func blendMixesByAlpha() {
        #expect(RGB(0, 100, 200).blended(with: RGB(200, 100, 0), alpha: 0.5) == RGB(100, 100, 100))
        #expect(RGB(1, 2, 3).blended(with: Self.white, alpha: 0) == RGB(1, 2, 3))
        #expect(RGB(1, 2, 3).blended(with: Self.white, alpha: 1) == Self.white)
    }

    @Test func blitCopiesAndClips() {
        var canvas = Canvas(width: 10, height: 10, background: Self.black)
        let red = Canvas(width: 4, height: 4, background: RGB(255, 0, 0))
        canvas.blit(red, x: 8, y: -2)
        #expect(canvas.pixels.filter { $0 == RGB(255, 0, 0) }.count == 2 * 2)
        #expect(canvas[8, 0] == RGB(255, 0, 0) && canvas[9, 1] == RGB(255, 0, 0) && canvas[9, 2] == Self.black)
    }

    // MARK: Lines and dots

    @Test func horizontalLineOnPixelCentresIsOnePixelSharp() {
        var canvas = Canvas(width: 30, height: 20, background: Self.black)
        canvas.drawLine(from: (5.5, 10.5), to: (20.5, 10.5), color: Self.white)
        for x in 0 ..< 30 {
            #expect(canvas[x, 10] == ((5 ... 20).contains(x) ? Self.white : Self.black), "x = \(x)")
            #expect(canvas[x, 9] == Self.black && canvas[x, 11] == Self.black)
        }
    }

    @Test func diagonalLineInkMatchesItsArea() {
        // A 1-pixel line of length L covers about L pixels (plus its round caps).
        var canvas = Canvas(width: 120, height: 120, background: Self.black)
        canvas.drawLine(from: (10, 10), to: (110, 90), color: Self.white)
        let length = (100.0 * 100 + 80 * 80).squareRoot()
        #expect(isClose(ink(canvas), length, tolerance: 0.04 * length))
        // Anti-aliased: partial coverage exists, nothing far from the line is touched.
        #expect(canvas.pixels.contains { $0.r > 0 && $0.r < 255 })
        #expect(canvas[100, 20] == Self.black && canvas[20, 100] == Self.black)
    }

    @Test func translucentPolylineDoesNotDarkenItsJoints() {
        var canvas = Canvas(width: 60, height: 60, background: Self.black)
        canvas.drawPolyline([(10, 10), (30, 50), (50, 10)], color: Self.white, alpha: 0.5, thickness: 3)
        let brightest = canvas.pixels.map(\.r).max() ?? 0
        #expect(brightest <= 128)
        #expect(canvas[30, 48] != Self.black)
    }

    @Test func dotInkMatchesDiscArea() {
        var canvas = Canvas(width: 40, height: 40, background: Self.black)
        canvas.drawDot(at: (20, 20), radius: 6, color: Self.white)
        #expect(isClose(ink(canvas), Double.pi * 36, tolerance: 0.03 * Double.pi * 36))
        #expect(canvas[19, 19] == Self.white && canvas[20, 20] == Self.white)
        #expect(canvas[20, 20 - 8] == Self.black && canvas[20 + 8, 20] == Self.black)
        // Symmetric about the centre (20, 20): pixel 19 + k mirrors 20 − k.
        for k in 0 ..< 8 {
            #expect(canvas[19 + k, 22] == canvas[20 - k, 22])
        }
    }

    @Test func farAwayAndNonFiniteCoordinatesAreHarmless() {
        var canvas = Canvas(width: 20, height: 20, background: Self.black)
        canvas.drawLine(from: (-1e300, 5), to: (1e300, 5), color: Self.white)
        canvas.drawLine(from: (1e300, -1e300), to: (2e300, 1e300), color: Self.white)
        canvas.drawDot(at: (1e300, 1e300), radius: 3, color: Self.white)
        canvas.drawLine(from: (.nan, 0), to: (5, 5), color: Self.white)
        canvas.drawDot(at: (.infinity, 3), radius: 3, color: Self.white)
        // Only the first line crosses the canvas (rows 4 and 5 share y = 5).
        #expect(changedPixels(Canvas(width: 20, height: 20, background: Self.black), canvas).allSatisfy { $0.y == 4 || $0.y == 5 })
        #expect((0 ..< 20).allSatisfy { canvas[$0, 4] != Self.black })

        // A segment from far outside to the middle draws exactly as its visible part.
        var far = Canvas(width: 20, height: 20, background: Self.black)
        far.drawLine(from: (-1e6, 10.5), to: (10.5, 10.5), color: Self.white)
        var near = Canvas(width: 20, height: 20, background: Self.black)
        near.drawLine(from: (-3, 10.5), to: (10.5, 10.5), color: Self.white)
        #expect(far.pixels == near.pixels)
    }

    // MARK: Text

    @Test func textChangesPixelsInsideItsBoxOnly() {
        let blank = Canvas(width: 120, height: 60, background: Self.black)
        for (text, scale) in [("Ag", 2), ("W2 = 0.0123 σ×≈", 1), ("jqy,", 3)] {
            var canvas = blank
            canvas.drawText(text, at: 10, y: 20, color: Self.white, scale: scale)
            let size = Canvas.textSize(text, scale: scale)
            let changed = changedPixels(blank, canvas)
            #expect(!changed.isEmpty)
            for p in changed {
                #expect(p.x >= 10 && p.x < 10 + size.width && p.y >= 20 && p.y < 20 + size.height,
                        "\(text): pixel \(p) outside the \(size) box")
            }
        }
        #expect(Canvas.textSize("Ag", scale: 2) == (22, 18))
        #expect(Canvas.textSize("ab\ncde", scale: 1) == (17, 20))
    }

    @Test func minusSignIsThreePixelsOnTheMiddleRow() {
        var canvas = Canvas(width: 5, height: 9, background: Self.black)
        canvas.drawText("-", at: 0, y: 0, color: Self.white)
        let lit = changedPixels(Canvas(width: 5, height: 9, background: Self.black), canvas)
        #expect(lit.map(\.x) == [1, 2, 3] && lit.allSatisfy { $0.y == 3 })
    }

    @Test func descendersReachBelowTheBaseline() {
        var canvas = Canvas(width: 5, height: 9, background: Self.black)
        canvas.drawText("g", at: 0, y: 0, color: Self.white)
        #expect((0 ..< 5).contains { canvas[$0, 8] == Self.white })
        var capital = Canvas(width: 5, height: 9, background: Self.black)
        capital.drawText("E", at: 0, y: 0, color: Self.white)
        #expect((0 ..< 5).allSatisfy { capital[$0, 7] == Self.black && capital[$0, 8] == Self.black })
    }

    @Test func unknownCharactersFallBack() {
        var unknown = Canvas(width: 5, height: 9, background: Self.black)
        unknown.drawText("\u{2603}", at: 0, y: 0, color: Self.white)   // snowman
        var question = Canvas(width: 5, height: 9, background: Self.black)
        question.drawText("?", at: 0, y: 0, color: Self.white)
        #expect(unknown.pixels == question.pixels)
        var dash = Canvas(width: 5, height: 9, background: Self.black)
        dash.drawText("–", at: 0, y: 0, color: Self.white)          // en dash → "-"
        var hyphen = Canvas(width: 5, height: 9, background: Self.black)
        hyphen.drawText("-", at: 0, y: 0, color: Self.white)
        #expect(dash.pixels == hyphen.pixels)
    }

    @Test func everyPrintableASCIICharacterHasAGlyph() {
        for code in 33 ... 126 {
            let c = Character(UnicodeScalar(UInt8(code)))
            #expect(BitmapFont.glyphs[c] != nil, "missing glyph for \(c)")
            #expect(BitmapFont.rows(c).contains { $0 != 0 }, "empty glyph for \(c)")
        }
        #expect(BitmapFont.glyphs[" "] != nil)
        for c in "σ×≈±μερ²→" { #expect(BitmapFont.glyphs[c] != nil) }
    }

    @Test func wrapBreaksAtSpaces() {
        // 7 characters fit in 41 pixels at scale 1 (7 · 6 − 1).
        #expect(Canvas.wrap("aaa bbb ccc", maxWidth: 41) == ["aaa bbb", "ccc"])
        #expect(Canvas.wrap("abcdefghij", maxWidth: 41) == ["abcdef…"])
        #expect(Canvas.wrap("one\ntwo", maxWidth: 200) == ["one", "two"])
    }
}
