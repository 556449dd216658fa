import Foundation
import Testing
import FieldLabCore
@testable import FieldLabRender

@Suite struct PlotTests {
    static let unit = Viewport.centered(halfWidth: 1)

    static func cluster(at center: Point, count: Int, spread: Double, seed: UInt64) -> [Point] {
        var rng = SeededGenerator(seed: seed)
        return (0 ..< count).map { _ in center + Point(rng.nextUniform() - 0.5, rng.nextUniform() - 0.5) * spread }
    }

    // MARK: Density

    @Test(arguments: [1, nil] as [Int?])
    func concentratedPointsLightUpOnlyTheirRegion(binSize: Int?) {
        // (0.5, 0.5) in [-1, 1]² on 100 × 100 pixels is pixel (75, 25).
        let points = Self.cluster(at: Point(0.505, 0.495), count: 1000, spread: 0.004, seed: 1)
        let canvas = Plot.density(points, viewport: Self.unit, width: 100, height: 100, colormap: .magma,
                                  binSize: binSize)
        let empty = Colormap.magma.color(0)
        let bin = binSize ?? Plot.automaticBinSize(count: 1000, width: 100, height: 100)
        var lit = 0
        for y in 0 ..< 100 {
            for x in 0 ..< 100 where canvas[x, y] != empty {
                lit += 1
                // Inside the bin that holds pixel (75, 25).
                #expect(x / bin == 75 / bin && y / bin == 25 / bin, "pixel (\(x), \(y)) lit")
            }
        }
        #expect(lit == bin * bin)
        #expect(canvas[75, 25] == Colormap.magma.color(1))
    }

    @Test func countsMapToLogScaledColours() {
        // 1000 points in one pixel, 10 in another, 1 in a third: levels 1, 0.12 + 0.88·log 10 / log 1000, 0.12.
        let points = Array(repeating: Point(-0.55, 0.55), count: 1000)
            + Array(repeating: Point(0.45, -0.45), count: 10) + [Point(0.05, 0.05)]
        let canvas = Plot.density(points, viewport: Self.unit, width: 20, height: 20, colormap: .viridis, binSize: 1)
        #expect(canvas[4, 4] == Colormap.viridis.color(1))
        #expect(canvas[14, 14] == Colormap.viridis.color(0.12 + 0.88 * log(10.0) / log(1000.0)))
        #expect(canvas[10, 9] == Colormap.viridis.color(0.12))
        #expect(canvas[0, 0] == Colormap.viridis.color(0))
        let sqrtLevel = Plot.densityLevel(count: 10, fullest: 1000, scale: .sqrt)
        #expect(isClose(sqrtLevel, 0.12 + 0.88 * (10.0.squareRoot() - 1) / (1000.0.squareRoot() - 1), tolerance: 1e-12))
    }

    @Test func pointsOutsideTheViewportAreIgnored() {
        let canvas = Plot.density([Point(5, 5), Point(-1.5, 0)], viewport: Self.unit, width: 30, height: 30)
        #expect(canvas.pixels.allSatisfy { $0 == Colormap.magma.color(0) })
    }

    // MARK: Scatter and trajectories

    @Test func scatterDrawsDotsWherePointsAre() {
        let canvas = Plot.scatter([Point(0, 0)], viewport: Self.unit, width: 41, height: 41,
                                  color: RGB(255, 0, 0), background: RGB(0, 0, 0), radius: 2, alpha: 1)
        #expect(canvas[20, 20] == RGB(255, 0, 0))
        #expect(canvas[0, 0] == RGB(0, 0, 0) && canvas[20, 25] == RGB(0, 0, 0))
    }

    @Test func trajectoriesFollowTheirPathsAndMarkEnds() {
        let path = (0 ... 20).map { Point(-0.8 + 1.6 * Double($0) / 20, 0) }
        let blank = Canvas(width: 101, height: 101, background: RGB(0, 0, 0))
        var plain = blank
        Plot.drawTrajectories([path], on: &plain, viewport: Self.unit, coloring: .uniform(RGB(255, 0, 0)),
                              thickness: 1, alpha: 1, markEnds: false)
        // The path y = 0 is the row through pixel centre 50.5.
        #expect(plain[50, 50] == RGB(255, 0, 0) && plain[30, 50] == RGB(255, 0, 0))
        #expect(changedPixels(blank, plain).allSatisfy { abs($0.y - 50) <= 1 })
        var marked = blank
        Plot.drawTrajectories([path], on: &marked, viewport: Self.unit, coloring: .uniform(RGB(255, 0, 0)),
                              thickness: 1, alpha: 1, markEnds: true)
        // The end (0.8, 0) is at pixel coordinates (90.9, 50.5): red core, whitish rim around it.
        #expect(marked[90, 50] == RGB(255, 0, 0))
        let rim = (87 ... 94).flatMap { x in (47 ... 54).map { marked[x, $0] } }
        #expect(rim.contains { $0.r > 200 && $0.g > 200 && $0.b > 200 })
        #expect(changedPixels(plain, marked).count > 20)
    }

    @Test func timeColouringChangesAlongThePath() {
        let path = (0 ... 50).map { Point(-0.9 + 1.8 * Double($0) / 50, 0) }
        var canvas = Canvas(width: 101, height: 101, background: RGB(0, 0, 0))
        Plot.drawTrajectories([path], on: &canvas, viewport: Self.unit, coloring: .byTime(.viridis),
                              thickness: 1, alpha: 1, markEnds: false)
        let early = canvas[15, 50], late = canvas[85, 50]
        #expect(early != late)
        #expect(late.luminance > early.luminance)
    }

    // MARK: Panels and axes

    @Test func panelsPlaceCanvasesOnAGridUnderTitles() {
        let red = Canvas(width: 50, height: 40, background: RGB(255, 0, 0))
        let blue = Canvas(width: 50, height: 40, background: RGB(0, 0, 255))
        let figure = Plot.panels([("a", red), ("b", blue), ("c", red)], columns: 2)
        // Two columns of 50 px, 24 px margins and gap; two rows.
        #expect(figure.width == 24 + 50 + 24 + 50 + 24)
        func firstPixel(_ color: RGB) -> (Int, Int)? {
            for y in 0 ..< figure.height { for x in 0 ..< figure.width where figure[x, y] == color { return (x, y) } }
            return nil
        }
        let redAt = firstPixel(RGB(255, 0, 0)), blueAt = firstPixel(RGB(0, 0, 255))
        #expect(redAt?.0 == 24 && blueAt?.0 == 24 + 50 + 24)
        #expect(redAt?.1 == blueAt?.1)
        #expect((redAt?.1 ?? 0) > 24 + 14)          // below a scale-2 title
        #expect(figure.pixels.filter { $0 == RGB(255, 0, 0) }.count == 2 * 50 * 40)
        // Titles are drawn in the title colour above the panels.
        #expect(figure.pixels.contains(Theme.text))

        let captioned = Plot.panels([("a", red), ("b", blue)], columns: 2, caption: "a caption")
        #expect(captioned.height > Plot.panels([("a", red), ("b", blue)], columns: 2).height)
        #expect(captioned.pixels.contains(Theme.mutedText))
    }

    @Test func axesFrameTheCanvasWithTickLabels() {
        let inner = Canvas(width: 80, height: 60, background: RGB(255, 0, 0))
        let framed = Plot.axes(inner, viewport: Viewport(xRange: -2 ... 2, yRange: 0 ... 3))
        #expect(framed.width > 80 && framed.height > 60)
        #expect(framed.pixels.filter { $0 == RGB(255, 0, 0) }.count == 80 * 60)
        #expect(framed.pixels.contains(Theme.mutedText))
    }

    @Test func niceTicksUseOneTwoFiveSteps() {
        let a = Plot.niceTicks(-1.87 ... 1.87)
        #expect(a.values == [-1, 0, 1] && a.step == 1)
        let b = Plot.niceTicks(0 ... 10)
        #expect(b.values == [0, 2, 4, 6, 8, 10])
        let c = Plot.niceTicks(-0.13 ... 0.11)
        #expect(c.step == 0.05 && c.values.contains(0) && !c.values.contains { $0.sign == .minus && $0 == 0 })
        #expect(Plot.tickLabel(0.25, step: 0.05) == "0.25")
        #expect(Plot.tickLabel(-3, step: 1) == "-3")
    }
}
