import Testing
import FieldLabCore
@testable import FieldLabRender

@Suite struct ViewportTests {
    static func uniformSquare(_ n: Int, seed: UInt64 = 3) -> [Point] {
        var rng = SeededGenerator(seed: seed)
        return (0 ..< n).map { _ in Point(2 * rng.nextUniform() - 1, 2 * rng.nextUniform() - 1) }
    }

    @Test func fittingCoversTheDataWithMargin() {
        let v = Viewport.fitting(Self.uniformSquare(1000), margin: 0.05)
        // Bounds ≈ ±1 (the 5 most extreme per side dropped), grown by 5 % of the
        // span per side; the tolerance covers the sampling error of the 0.5 % quantiles.
        #expect(isClose(v.xRange.lowerBound, -1.1, tolerance: 0.05) && isClose(v.xRange.upperBound, 1.1, tolerance: 0.05))
        #expect(isClose(v.yRange.lowerBound, -1.1, tolerance: 0.05) && isClose(v.yRange.upperBound, 1.1, tolerance: 0.05))
        #expect(isClose(v.width, v.height, tolerance: 1e-12))
    }

    @Test func fittingIgnoresASingleFarOutlier() {
        let points = Self.uniformSquare(1000) + [Point(1e6, -1e6)]
        let v = Viewport.fitting(points)
        #expect(v.xRange.upperBound < 1.2 && v.yRange.lowerBound > -1.2)
        #expect(v.width < 2.5 && v.height < 2.5)
        // Non-finite points are ignored too.
        let w = Viewport.fitting(Self.uniformSquare(1000) + [Point(.nan, 0), Point(.infinity, 1)])
        #expect(w.width < 2.5)
    }

    @Test func squareMakesEqualSpansAboutTheCentre() {
        // 199 points on [0, 4] × [0, 1]: too few for any to be dropped as extreme.
        let points = (0 ... 198).map { Point(4 * Double($0) / 198, Double($0 % 2)) }
        let square = Viewport.fitting(points, margin: 0.1, square: true)
        #expect(isClose(square.width, square.height, tolerance: 1e-12))
        #expect(isClose(square.width, 4 * 1.2, tolerance: 1e-9))
        #expect(isClose((square.yRange.lowerBound + square.yRange.upperBound) / 2, 0.5, tolerance: 1e-12))
        let free = Viewport.fitting(points, margin: 0.1, square: false)
        #expect(isClose(free.width, 4.8, tolerance: 1e-9) && isClose(free.height, 1.2, tolerance: 1e-9))
    }

    @Test func degenerateInputStillGivesAUsableViewport() {
        #expect(Viewport.fitting([]) == Viewport.centered(halfWidth: 1))
        let one = Viewport.fitting([Point(3, -2)], margin: 0)
        #expect(one.xRange == 2.5 ... 3.5 && one.yRange == -2.5 ... -1.5)
        let line = Viewport.fitting([Point(0, 0), Point(0, 2)], margin: 0, square: false)
        #expect(line.width == 2 && line.height == 2)
    }

    @Test func pixelMappingHasYUpAndInverts() {
        let v = Viewport(xRange: -1 ... 3, yRange: 10 ... 12)
        let topLeft = v.pixel(Point(-1, 12), width: 200, height: 100)
        let bottomRight = v.pixel(Point(3, 10), width: 200, height: 100)
        #expect(topLeft == (0, 0) && bottomRight == (200, 100))
        let p = Point(0.3, 11.7)
        let (px, py) = v.pixel(p, width: 200, height: 100)
        let back = v.point(atPixel: px, py, width: 200, height: 100)
        #expect(isClose(back.x, p.x, tolerance: 1e-12) && isClose(back.y, p.y, tolerance: 1e-12))
    }

    @Test func matchingAspectKeepsUnitsSquare() {
        let v = Viewport.centered(halfWidth: 1).matchingAspect(width: 300, height: 100)
        #expect(isClose(v.width / 300, v.height / 100, tolerance: 1e-12))
        #expect(v.height == 2 && isClose(v.width, 6, tolerance: 1e-12))
    }
}
