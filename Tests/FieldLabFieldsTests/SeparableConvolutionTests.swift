import Foundation
import Testing
import FieldLabCore
@testable import FieldLabFields

/// The one-axis-at-a-time route for kernels that factor, against the 2-D FFT
/// route (`FFTConvolution`) and, on a tiny grid, the plain O(G⁴) sum.
@Suite struct SeparableConvolutionTests {
    private func random(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextUniform() - 0.5 }
    }

    /// A factor with a different value at every offset −G … G−1 (so a
    /// reversed axis, a wrong conjugate or a swapped x/y would show).
    private func randomFactor(_ g: Int, seed: UInt64) -> (Int) -> Double {
        let table = random(2 * g, seed: seed)
        return { table[$0 + g] }
    }

    private func maxAbs(_ values: [Double]) -> Double { values.reduce(0) { max($0, abs($1)) } }

    /// The outer product of the two 1-D spectra is the 2-D r2c spectrum of
    /// f(dx)·f′(dy), bin for bin (rows k0 over y incl. the conjugate half,
    /// columns k1 over x), to round-off.
    @Test(arguments: [8, 13])
    func outerProductOfLineSpectraIsTheTwoDimensionalSpectrum(gridSize g: Int) {
        let separable = SeparableConvolution(gridSize: g)
        let fft = FFTConvolution(gridSize: g)
        let gaussian: (Int) -> Double = { exp(-Double($0 * $0) / (2 * 2.5 * 2.5)) }
        let moment: (Int) -> Double = { Double($0) * gaussian($0) }
        let pairs: [((Int) -> Double, (Int) -> Double)] = [
            (gaussian, gaussian), (moment, gaussian), (gaussian, moment),
            (randomFactor(g, seed: 1), randomFactor(g, seed: 2)),
        ]
        for (fx, fy) in pairs {
            let outer = separable.spectrum(x: separable.spectrum(ofFactor: separable.wrapOrderFactor(fx)),
                                           y: separable.spectrum(ofFactor: separable.wrapOrderFactor(fy)))
            let direct = fft.spectrum(ofKernel: { dx, dy in fx(dx) * fy(dy) })
            #expect(outer.values.count == direct.values.count)
            let scale = maxAbs(direct.values)
            let worst = zip(outer.values, direct.values).reduce(0) { max($0, abs($1.0 - $1.1)) }
            #expect(worst <= 1e-12 * scale, "G = \(g): worst bin difference \(worst / scale) relative")
        }
    }

    /// On a 6 × 6 grid, each term equals the O(G⁴) linear sum (no FFT involved).
    @Test func matchesBruteForceSum() {
        let g = 6
        let separable = SeparableConvolution(gridSize: g)
        let grids = [random(g * g, seed: 3), random(g * g, seed: 4)]
        let factors = [randomFactor(g, seed: 5), randomFactor(g, seed: 6), randomFactor(g, seed: 7)]
        let terms = [SeparableConvolution.Term(input: 0, x: 0, y: 1), .init(input: 1, x: 2, y: 1),
                     .init(input: 0, x: 1, y: 0), .init(input: 1, x: 0, y: 0)]
        let out = separable.convolve(grids, factors: factors.map {
            separable.spectrum(ofFactor: separable.wrapOrderFactor($0))
        }, terms: terms)
        for (n, term) in terms.enumerated() {
            let grid = grids[term.input], fx = factors[term.x], fy = factors[term.y]
            for j in 0..<g {
                for i in 0..<g {
                    var sum = 0.0
                    for jj in 0..<g { for ii in 0..<g { sum += grid[jj * g + ii] * fx(i - ii) * fy(j - jj) } }
                    #expect(abs(out[n][j * g + i] - sum) < 1e-13, "term \(n), node (\(i), \(j))")
                }
            }
        }
    }

    /// Against the 2-D FFT route on grids that leave a partial block of lines
    /// (G not a multiple of 8) and that span several blocks per thread.
    @Test(arguments: [20, 37, 72])
    func matchesTheTwoDimensionalRoute(gridSize g: Int) {
        let separable = SeparableConvolution(gridSize: g)
        let fft = FFTConvolution(gridSize: g)
        let grid = random(g * g, seed: UInt64(g))
        let fx = randomFactor(g, seed: 8), fy = randomFactor(g, seed: 9)
        let out = separable.convolve([grid], factors: [fx, fy].map {
            separable.spectrum(ofFactor: separable.wrapOrderFactor($0))
        }, terms: [.init(input: 0, x: 0, y: 1), .init(input: 0, x: 1, y: 0)])
        for (n, (a, b)) in [(fx, fy), (fy, fx)].enumerated() {
            let reference = fft.convolve(grid, with: { dx, dy in a(dx) * b(dy) })
            let worst = zip(out[n], reference).reduce(0) { max($0, abs($1.0 - $1.1)) }
            #expect(worst <= 1e-12 * maxAbs(reference), "G = \(g), term \(n): \(worst)")
        }
    }

    /// The engine's Gaussian path (separable) gives the same ρ ⊛ K, ρ ⊛ u_x K,
    /// ρ ⊛ u_y K as sampling the 2-D kernels and convolving with 2-D FFTs, in
    /// both numerator forms: this checks the wiring (spacing, which factor on
    /// which axis, the moments' centre).
    @Test func gaussianEngineMatchesTheTwoDimensionalRoute() {
        let points = moons(300, seed: 31)
        let engine = FieldEngine(points: points, gridSize: 48, box: nil, accuracy: .standard)
        let kernel = FieldKernel.gaussian(sigma: 0.8)
        let geometry = engine.geometry(for: kernel).geometry
        let g = geometry.size, h = geometry.spacing
        let fft = FFTConvolution(gridSize: g)
        let k: (Int, Int) -> Double = { dx, dy in
            kernel.value(squaredDistance: h * h * Double(dx * dx + dy * dy))
        }
        let center = Point(0.1, -0.2)
        let (charges, xMoments, yMoments, _) = engine.deposit(on: geometry, momentsAbout: center)
        func check(_ actual: [Double], _ expected: [Double], _ label: String) {
            let worst = zip(actual, expected).reduce(0) { max($0, abs($1.0 - $1.1)) }
            #expect(worst <= 1e-12 * maxAbs(expected), "\(label): \(worst / maxAbs(expected)) relative")
        }
        let displacement = engine.nodeSums(kernel: kernel, geometry: geometry, form: .displacement)
        check(displacement.k, fft.convolve(charges, with: k), "k")
        check(displacement.nx, fft.convolve(charges, with: { h * Double($0) * k($0, $1) }), "u_x K")
        check(displacement.ny, fft.convolve(charges, with: { h * Double($1) * k($0, $1) }), "u_y K")
        let mean = engine.nodeSums(kernel: kernel, geometry: geometry, form: .mean(center: center))
        check(mean.k, fft.convolve(charges, with: k), "k (mean form)")
        check(mean.nx, fft.convolve(xMoments, with: k), "x moments ⊛ K")
        check(mean.ny, fft.convolve(yMoments, with: k), "y moments ⊛ K")
    }

    /// The deposit conserves charge and first moments (Lagrange assignment
    /// reproduces polynomials below its order), also for order 2 near the
    /// grid's far edge, where the 8-wide vector update does not fit.
    @Test(arguments: [2, 8])
    func depositConservesChargeAndMoments(order: Int) {
        let accuracy = GridAccuracy(order: order, minimumWidthInCells: 12, slopeLimit: 0.4, dynamicRange: 1e-8)
        let points = moons(200, seed: 32) + [Point(2.5, 1.5), Point(-2.5, -1.5)]
        let engine = FieldEngine(points: points, gridSize: 24, box: GridBox(center: .zero, halfWidth: 2),
                                 accuracy: accuracy)
        let (geometry, _) = engine.geometry(for: .gaussian(sigma: 1))
        let center = Point(0.3, 0.1)
        let (charges, xMoments, yMoments, magnitude) = engine.deposit(on: geometry, momentsAbout: center)
        let g = geometry.size
        var total = 0.0, first = Point.zero, moment = Point.zero
        for j in 0..<g {
            for i in 0..<g {
                total += charges[j * g + i]
                first += charges[j * g + i] * geometry.node(i, j)
                moment += Point(xMoments[j * g + i], yMoments[j * g + i])
            }
        }
        let expectedFirst = points.reduce(Point.zero, +)
        let expectedMoment = points.reduce(Point.zero) { $0 + ($1 - center) }
        #expect(isClose(total, Double(points.count), relative: 1e-12))
        #expect(norm(first - expectedFirst) <= 1e-10 * Double(points.count))
        #expect(norm(moment - expectedMoment) <= 1e-10 * Double(points.count))
        #expect(magnitude >= total * (1 - 1e-12))
    }
}
