import Foundation
import Testing
import FieldLabCore
import FieldLabFields

/// The exact-field engine against direct summation over all points.
///
/// Error measure: ‖v − v_ref‖ / max(‖v_ref‖, 1) with v = (x − D*)/σ, at
/// queries a sampler would meet (training points perturbed by the kernel) and
/// at uniform queries over the data region (which reach the Gaussian's tails).
@Suite struct ExactDenoiserTests {
    static let points = moons(1000, seed: 21)
    static let denoiser = ExactDenoiser(points: points)

    static func queries(for kernel: FieldKernel, count: Int = 150, seed: UInt64 = 22) -> [Point] {
        var generator = SeededGenerator(seed: seed)
        let uniform = (0..<30).map { _ in Point(6 * generator.nextUniform() - 3, 6 * generator.nextUniform() - 3) }
        return perturbedQueries(points, kernel: kernel, count: count, seed: seed) + uniform
    }

    /// Worst velocity error over the queries, split by the path each query took.
    static func worstErrors(_ kernel: FieldKernel) -> (grid: Double, direct: Double, gridShare: Double) {
        let queries = queries(for: kernel)
        let (denoised, paths) = denoiser.denoiseWithPaths(queries, kernel: kernel)
        var grid = 0.0, direct = 0.0, onGrid = 0
        for (n, x) in queries.enumerated() {
            let reference = referenceDenoise(x, points: points, kernel: kernel)
            let e = velocityError(query: x, denoised: denoised[n], reference: reference, scale: kernel.noiseScale)
            if paths[n] == .grid { grid = max(grid, e); onGrid += 1 } else { direct = max(direct, e) }
        }
        return (grid, direct, Double(onGrid) / Double(queries.count))
    }

    static let sigmas = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 80]

    @Test(arguments: sigmas)
    func gaussianMatchesDirectSummation(sigma: Double) {
        let (grid, direct, _) = Self.worstErrors(.gaussian(sigma: sigma))
        #expect(grid <= 1e-6, "σ = \(sigma): grid error \(grid)")
        #expect(direct <= 1e-10, "σ = \(sigma): direct error \(direct)")
    }

    @Test(arguments: [1.0, 4, 128], sigmas)
    func poissonMatchesDirectSummation(extraDimensions: Double, sigma: Double) {
        let (grid, direct, _) = Self.worstErrors(.poissonFlow(sigma: sigma, extraDimensions: extraDimensions))
        #expect(grid <= 1e-6, "D = \(extraDimensions), σ = \(sigma): grid error \(grid)")
        #expect(direct <= 1e-10, "D = \(extraDimensions), σ = \(sigma): direct error \(direct)")
    }

    /// Both paths are exercised: narrow kernels go direct, wide ones to the
    /// grid, and on the grid most queries are answered by interpolation.
    @Test func narrowKernelsGoDirectAndWideOnesUseTheGrid() {
        let d = Self.denoiser
        #expect(d.path(for: .gaussian(sigma: 0.01)) == .direct)
        #expect(d.path(for: .poissonFlow(sigma: 0.03, extraDimensions: 1)) == .direct)
        for kernel in [FieldKernel.gaussian(sigma: 1), .gaussian(sigma: 80), .poissonFlow(sigma: 1, extraDimensions: 1),
                       .poissonFlow(sigma: 3, extraDimensions: 128)] {
            #expect(d.path(for: kernel) == .grid)
            #expect(Self.worstErrors(kernel).gridShare > 0.8, "\(kernel)")
            // The grid covers the points plus room, and still resolves the kernel.
            let g = d.geometry(for: kernel)
            #expect(kernel.peakWidth / g.spacing >= 10)
        }
    }

    /// A single training point is its own denoiser everywhere (v = (x − y)/σ
    /// exactly); a fixed picture box serves its kernels from the grid.
    @Test func singlePointAndFixedBox() {
        let y = Point(0.3, -0.2)
        let single = ExactDenoiser(points: [y], gridSize: 64)
        for kernel in [FieldKernel.gaussian(sigma: 0.7), .poissonFlow(sigma: 2, extraDimensions: 1)] {
            #expect(single.path(for: kernel) == .grid)
            let queries = perturbedQueries([y], kernel: kernel, count: 50, seed: 26)
            for (x, d) in zip(queries, single.denoise(queries.matrix(), kernel: kernel).points) {
                #expect(velocityError(query: x, denoised: d, reference: y, scale: kernel.noiseScale) <= 1e-6)
            }
        }
        let picture = ExactDenoiser(points: Self.points, gridSize: 128, box: GridBox(center: .zero, halfWidth: 4))
        let kernel = FieldKernel.gaussian(sigma: 1)
        #expect(picture.path(for: kernel) == .grid && picture.path(for: .gaussian(sigma: 0.3)) == .direct)
        #expect(isClose(picture.geometry(for: kernel).spacing, 8.0 / 127, relative: 1e-12))
        let queries = Self.queries(for: kernel)
        let (denoised, paths) = picture.denoiseWithPaths(queries, kernel: kernel)
        #expect(paths.filter { $0 == .grid }.count > queries.count / 2)
        for (x, d) in zip(queries, denoised) {
            let reference = referenceDenoise(x, points: Self.points, kernel: kernel)
            #expect(velocityError(query: x, denoised: d, reference: reference, scale: 1) <= 1e-6)
        }
    }

    /// Flow matching at time t is the Gaussian denoiser with σ = (1 − t)/t at
    /// x/t; its velocity (D* − x)/(1 − t) matches the direct sum.
    @Test(arguments: [1e-8, 1e-4, 0.01, 0.1, 0.5, 0.9, 0.99])
    func flowMatchingMappingMatchesDirectSummation(t: Double) {
        let sigma = (1 - t) / t
        var generator = SeededGenerator(seed: 23)
        let points = Self.points
        let queries = (0..<100).map { _ -> Point in
            let (a, b) = generator.nextGaussianPair()
            return (1 - t) * Point(a, b) + t * points[generator.nextIndex(below: points.count)]
        }
        let kernel = FieldKernel.gaussian(sigma: sigma)
        let scaled = Matrix(rows: queries.count, columns: 2, storage: queries.matrix().storage.map { $0 / t })
        let denoised = Self.denoiser.denoise(scaled, kernel: kernel).points
        for (x, d) in zip(queries, denoised) {
            let reference = referenceDenoise(x / t, points: points, kernel: kernel)
            let v = (reference - x) / (1 - t), error = (d - reference) / (1 - t)
            #expect(norm(error) / max(norm(v), 1) <= 1e-6, "t = \(t)")
        }
    }

    /// PFGM++ at D = 10⁴ with r = σ√D is within 1 % of the Gaussian (D → ∞ is EDM).
    @Test(arguments: [0.1, 1, 10])
    func largeExtraDimensionsApproachTheGaussian(sigma: Double) {
        let gaussian = FieldKernel.gaussian(sigma: sigma)
        let poisson = FieldKernel.poissonFlow(sigma: sigma, extraDimensions: 1e4)
        let queries = perturbedQueries(Self.points, kernel: gaussian, count: 200, seed: 24)
        let g = Self.denoiser.denoise(queries.matrix(), kernel: gaussian).points
        let p = Self.denoiser.denoise(queries.matrix(), kernel: poisson).points
        for (x, (a, b)) in zip(queries, zip(g, p)) {
            let difference = norm(a - b) / sigma, v = norm(x - a) / sigma
            #expect(difference <= 0.01 * max(v, 1), "σ = \(sigma): \(difference) vs \(v)")
        }
    }

    /// Queries 10⁶ away and kernels 10⁻⁴ wide give finite answers; the narrow
    /// Gaussian gives the nearest point.
    @Test func farQueriesAndTinyScalesStayFinite() {
        let points = Self.points
        let far = [Point(1e6, 2e6), Point(-1e6, 0), Point(0.3, -1e6), Point(0.2, 0.1)]
        for kernel in [FieldKernel.gaussian(sigma: 1e-4), .gaussian(sigma: 1), .gaussian(sigma: 80),
                       .poissonFlow(sigma: 1e-4, extraDimensions: 1), .poissonFlow(sigma: 1, extraDimensions: 1),
                       .poissonFlow(sigma: 80, extraDimensions: 128), .poissonFlow(sigma: 1e-4, extraDimensions: 1e4)] {
            let d = Self.denoiser.denoise(far.matrix(), kernel: kernel)
            #expect(d.isFinite, "\(kernel)")
        }
        let narrow = Self.denoiser.denoise(far.matrix(), kernel: .gaussian(sigma: 1e-4)).points
        for (x, d) in zip(far, narrow) {
            let nearest = points.min { norm($0 - x) < norm($1 - x) }!
            #expect(norm(d - nearest) < 1e-12)
        }
    }

    /// Same queries, same answers, bit for bit: twice, in pieces, and from a
    /// fresh denoiser (no cache).
    @Test func resultsAreDeterministic() {
        for kernel in [FieldKernel.gaussian(sigma: 0.5), .poissonFlow(sigma: 0.05, extraDimensions: 4)] {
            let queries = Self.queries(for: kernel, count: 400)
            let whole = Self.denoiser.denoise(queries.matrix(), kernel: kernel)
            #expect(Self.denoiser.denoise(queries.matrix(), kernel: kernel) == whole)
            let fresh = ExactDenoiser(points: Self.points).denoise(queries.matrix(), kernel: kernel)
            #expect(fresh == whole)
            let pieces = queries.map { Self.denoiser.denoise($0, kernel: kernel) }
            #expect(pieces.matrix() == whole)
        }
    }

    /// The grid convolutions at the nodes match the sums Σ K(node − yᵢ) and
    /// Σ (node − yᵢ) K(node − yᵢ) where the kernel is resolved.
    @Test func gridConvolutionsMatchDirectSumsAtNodes() {
        let kernel = FieldKernel.gaussian(sigma: 0.5)
        let c = Self.denoiser.gridConvolutions(kernel: kernel)
        let g = c.geometry.size
        #expect(c.k.count == g * g && c.kx.count == g * g && c.ky.count == g * g)
        let total = Double(Self.points.count)
        var generator = SeededGenerator(seed: 25)
        for _ in 0..<40 {
            let i = generator.nextIndex(below: g), j = generator.nextIndex(below: g)
            let node = c.geometry.node(i, j)
            var k = 0.0, kx = 0.0, ky = 0.0
            for y in Self.points {
                let u = node - y, w = exp(-(u * u).sum() / (2 * 0.25))
                k += w; kx += u.x * w; ky += u.y * w
            }
            #expect(abs(c.k[j * g + i] - k) <= 1e-9 * total)
            #expect(abs(c.kx[j * g + i] - kx) <= 1e-9 * total * 0.5)
            #expect(abs(c.ky[j * g + i] - ky) <= 1e-9 * total * 0.5)
        }
    }
}
