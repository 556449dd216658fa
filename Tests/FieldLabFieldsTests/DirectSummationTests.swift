import Foundation
import Testing
import FieldLabCore
import FieldLabFields

@Suite struct DirectSummationTests {
    let pair = [Point(0, 0), Point(2, 0)]

    /// Two charges: the weights are K(0) = 1 and K(2), so D* = 2·K(2)/(1 + K(2)) along x,
    /// and the midpoint is a fixed point by symmetry.
    @Test func handComputedPairs() {
        let gaussian = FieldKernel.gaussian(sigma: 1)
        let e = exp(-2.0)
        var d = DirectSummation.denoise(Point(0, 0), points: pair, kernel: gaussian)
        #expect(isClose(d.x, 2 * e / (1 + e), relative: 1e-14) && d.y == 0)
        let poisson = FieldKernel.poisson(radius: 1, extraDimensions: 1)
        let w = pow(5.0, -1.5)  // (1 + 2²/1²)^(−3/2)
        d = DirectSummation.denoise(Point(0, 0), points: pair, kernel: poisson)
        #expect(isClose(d.x, 2 * w / (1 + w), relative: 1e-14))
        for kernel in [gaussian, poisson, .poisson(radius: 3, extraDimensions: 128)] {
            let m = DirectSummation.denoise(Point(1, 0.7), points: pair, kernel: kernel)
            #expect(isClose(m.x, 1, relative: 1e-14) && abs(m.y) < 1e-15)
        }
    }

    @Test(arguments: [FieldKernel.gaussian(sigma: 0.05), .gaussian(sigma: 2),
                      .poisson(radius: 0.3, extraDimensions: 1), .poissonFlow(sigma: 0.5, extraDimensions: 128)])
    func matchesTheTextbookSum(kernel: FieldKernel) {
        let points = moons(300, seed: 11)
        for x in perturbedQueries(points, kernel: kernel, count: 50, seed: 12) {
            let d = DirectSummation.denoise(x, points: points, kernel: kernel)
            let r = referenceDenoise(x, points: points, kernel: kernel)
            #expect(velocityError(query: x, denoised: d, reference: r, scale: kernel.noiseScale) < 1e-11)
        }
    }

    /// Far away and narrow: the weights span thousands of e-folds, yet the
    /// answer is the nearest point (Gaussian) or a finite weighted mean.
    @Test func farQueriesAndNarrowKernelsStayFinite() {
        let points = moons(200, seed: 13)
        let far = Point(1e6, -3e5)
        let nearest = points.min { norm($0 - far) < norm($1 - far) }!
        let narrow = DirectSummation.denoise(far, points: points, kernel: .gaussian(sigma: 1e-4))
        #expect(isClose(narrow.x, nearest.x, relative: 1e-15) && isClose(narrow.y, nearest.y, relative: 1e-15))
        for kernel in [FieldKernel.poisson(radius: 1e-4, extraDimensions: 1), .poissonFlow(sigma: 1e-4, extraDimensions: 1e4),
                       .gaussian(sigma: 80)] {
            let d = DirectSummation.denoise(far, points: points, kernel: kernel)
            #expect(d.x.isFinite && d.y.isFinite)
            // Every point lies within the data's bounding box, and so does any weighted mean.
            #expect(d.x >= points.map(\.x).min()! - 1e-12 && d.x <= points.map(\.x).max()! + 1e-12)
        }
    }
}
