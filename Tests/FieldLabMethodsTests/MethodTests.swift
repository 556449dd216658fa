import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMethods

/// Kolmogorov–Smirnov statistic of `samples` against the CDF `cdf`.
func kolmogorovSmirnov(_ samples: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = samples.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
    }
    return d
}

@Suite struct PoissonRadiusTests {
    /// For N = 2, R²/r² ~ BetaPrime(1, D/2): P(R ≤ ρ) = 1 − (r² / (ρ² + r²))^(D/2).
    static func analyticCDF(_ rho: Double, r: Double, d: Double) -> Double {
        1 - pow(r * r / (rho * rho + r * r), d / 2)
    }

    @Test(arguments: [1.0, 4.0, 128.0])
    func radiusFollowsTheBetaPrimeLaw(extraDimensions d: Double) {
        let method = PoissonFlow(extraDimensions: d)
        var rng = SeededGenerator(seed: 17)
        let sigma = 0.7, r = sigma * d.squareRoot()
        let n = 100_000
        let radii = (0..<n).map { _ in method.samplePerturbationRadius(sigma: sigma, using: &rng) }
        let ks = kolmogorovSmirnov(radii) { Self.analyticCDF($0, r: r, d: d) }
        // 1 % critical value of the KS statistic: 1.63 / √n.
        #expect(ks < 1.63 / Double(n).squareRoot(), "KS = \(ks)")
    }

    @Test func radiusApproachesTheGaussianRadiusAsDGrows() {
        // The Gaussian's radius in 2D is Rayleigh: P(R ≤ ρ) = 1 − exp(−ρ²/2σ²).
        let sigma = 1.3
        func rayleigh(_ rho: Double) -> Double { 1 - exp(-rho * rho / (2 * sigma * sigma)) }
        var distances: [Double] = []
        for d in [4.0, 64.0, 10_000.0] {
            let method = PoissonFlow(extraDimensions: d)
            var rng = SeededGenerator(seed: 5)
            let radii = (0..<100_000).map { _ in method.samplePerturbationRadius(sigma: sigma, using: &rng) }
            distances.append(kolmogorovSmirnov(radii, cdf: rayleigh))
        }
        #expect(distances[0] > distances[1] && distances[1] > distances[2], "\(distances)")
        #expect(distances[2] < 0.0075, "D = 10⁴ still differs from the Gaussian by \(distances[2])")
    }

    @Test func perturbationVarianceMatchesTheory() {
        // E[R²] = N r² / (D − 2) = 2σ² D / (D − 2) for D > 2.
        let d = 8.0, sigma = 0.5
        let method = PoissonFlow(extraDimensions: d)
        var rng = SeededGenerator(seed: 3)
        let n = 200_000
        let meanSquare = (0..<n).reduce(0.0) { acc, _ in
            let r = method.samplePerturbationRadius(sigma: sigma, using: &rng)
            return acc + r * r
        } / Double(n)
        let expected = 2 * sigma * sigma * d / (d - 2)
        #expect(abs(meanSquare - expected) / expected < 0.02, "\(meanSquare) vs \(expected)")
    }
}

@Suite struct TrainingTargetTests {
    static let y = Point(0.7, -0.3)

    /// EDM and PFGM++ targets encode the data point exactly: c_skip x + c_out F* = y.
    @Test(arguments: [MethodKind.diffusion, .poisson])
    func denoiserTargetIsTheDataPoint(kind: MethodKind) {
        let method = makeMethod(kind: kind)
        let edm = EDMDiffusion()
        var rng = SeededGenerator(seed: 1)
        var meanOffset = Point.zero
        let n = 50_000
        for _ in 0..<n {
            let e = method.trainingExample(for: Self.y, using: &rng)
            let sigma = exp(4 * e.conditioning)
            let p = edm.denoiserCoefficients(sigma: sigma)
            let x = e.input / p.cIn
            let reconstructed = p.cSkip * x + p.cOut * e.target
            #expect(abs(reconstructed.x - Self.y.x) < 1e-9 && abs(reconstructed.y - Self.y.y) < 1e-9)
            #expect(e.weight == 1)
            meanOffset += (x - Self.y) / sigma / Double(n)
        }
        // Perturbations are symmetric: their mean (in units of σ) is zero.
        #expect(abs(meanOffset.x) < 0.03 && abs(meanOffset.y) < 0.03, "\(meanOffset)")
    }

    @Test func flowMatchingTargetHasMeanDataMinusMeanNoise() {
        let method = FlowMatching()
        var rng = SeededGenerator(seed: 2)
        let n = 100_000
        var meanTarget = Point.zero
        for _ in 0..<n { meanTarget += method.trainingExample(for: Self.y, using: &rng).target / Double(n) }
        // E[y − ε] = y; the standard error of each coordinate is 1/√n ≈ 0.003.
        #expect(abs(meanTarget.x - Self.y.x) < 0.013 && abs(meanTarget.y - Self.y.y) < 0.013, "\(meanTarget)")
        // And the input lies on the segment: x_t = (1 − t) ε + t y with ε = y − target.
        let e = method.trainingExample(for: Self.y, using: &rng)
        let t = e.conditioning
        let noise = Self.y - e.target
        #expect(abs(((1 - t) * noise + t * Self.y).x - e.input.x) < 1e-12)
    }

    @Test func edmNoiseLevelsAreLogNormal() {
        let edm = EDMDiffusion()
        var rng = SeededGenerator(seed: 4)
        let logs = (0..<50_000).map { _ in log(edm.sampleTrainingSigma(using: &rng)) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count)
        #expect(abs(mean + 1.2) < 0.02 && abs(variance.squareRoot() - 1.2) < 0.02)
    }
}

@Suite struct PreconditioningTests {
    /// With the ideal network for a one-point dataset, the velocity is the exact ODE's.
    @Test(arguments: [0.01, 0.3, 2.0, 50.0])
    func idealNetworkGivesTheExactEDMVelocity(sigma: Double) {
        let edm = EDMDiffusion()
        let y = Point(0.2, 0.9), x = Point(-1.5, 3.0)
        let c = edm.denoiserCoefficients(sigma: sigma)
        let ideal = (y - c.cSkip * x) / c.cOut
        let p = edm.preconditioning(at: sigma)
        let v = p.skip * x + p.output * ideal
        let exact = (x - y) / sigma
        #expect(abs(v.x - exact.x) < 1e-9 * max(1, abs(exact.x)) && abs(v.y - exact.y) < 1e-9 * max(1, abs(exact.y)))
    }

    @Test func priorsHaveTheirScales() {
        var rng = SeededGenerator(seed: 8)
        for edm in [EDMDiffusion(), EDMDiffusion(parameters: ImageModelConstants.edm)] {
            let edmPrior = edm.samplePrior(count: 40_000, using: &rng)
            let rms = (edmPrior.storage.reduce(0) { $0 + $1 * $1 } / Double(edmPrior.count)).squareRoot()
            #expect(abs(rms - edm.sigmaMax) / edm.sigmaMax < 0.02)
        }
        let fmPrior = FlowMatching().samplePrior(count: 40_000, using: &rng)
        let fmRms = (fmPrior.storage.reduce(0) { $0 + $1 * $1 } / Double(fmPrior.count)).squareRoot()
        #expect(abs(fmRms - 1) < 0.02)
        // PFGM++ prior: radius law at r_max = σ_max √D.
        let d = 6.0
        let poisson = PoissonFlow(extraDimensions: d)
        let poissonPrior = poisson.samplePrior(count: 50_000, using: &rng)
        let radii = poissonPrior.points.map { ($0 * $0).sum().squareRoot() }
        let ks = kolmogorovSmirnov(radii) { PoissonRadiusTests.analyticCDF($0, r: poisson.edm.sigmaMax * d.squareRoot(), d: d) }
        #expect(ks < 1.63 / (50_000.0).squareRoot())
    }

    @Test func methodsRoundTripThroughTheirParameters() {
        let p = PoissonFlow(extraDimensions: 32)
        let again = makeMethod(kind: .poisson, parameters: p.parameters) as! PoissonFlow
        #expect(again.extraDimensions == 32 && again.parameters == p.parameters)
        // PFGM++ keeps its own noise range whichever way it is made; given constants win.
        for made in [p, PoissonFlow(parameters: [:]), makeMethod(kind: .poisson) as! PoissonFlow] {
            #expect(made.edm.sigmaMax == PoissonFlow.samplerConstants["sigma_max"]
                    && made.edm.sigmaMin == PoissonFlow.samplerConstants["sigma_min"]
                    && made.edm.rho == PoissonFlow.samplerConstants["rho"])
        }
        let image = PoissonFlow(parameters: ImageModelConstants.poisson)
        #expect(image.edm.sigmaMax == 80 && image.edm.sigmaMin == 0.002 && image.edm.rho == 7 && image.extraDimensions == 4)
        // Flow matching's time grid: uniform at shift 1, closer steps near the data below 1.
        let shifted = FlowMatching(parameters: ["time_shift": 0.5]).timeGrid(steps: 4)
        #expect(FlowMatching().timeGrid(steps: 4) == [0, 0.25, 0.5, 0.75, 1])
        #expect(shifted.first == 0 && shifted.last == 1 && abs(shifted[2] - 2.0 / 3) < 1e-12)
        #expect(shifted[4] - shifted[3] < shifted[1] - shifted[0])
        #expect(FlowMatching().parameters["time_shift"] == nil && FlowMatching(parameters: ["time_shift": 0.5]).parameters["time_shift"] == 0.5)
    }
}

@Suite struct MinibatchOTTests {
    /// OT coupling pairs each noise with a nearby data point: the mean squared
    /// length of the straight paths (‖y − ε‖², the target's norm) falls, and
    /// every data point is used exactly once per block.
    @Test func couplingShortensThePathsAndKeepsTheBatch() {
        var rng = SeededGenerator(seed: 31)
        let ys = (0..<256).map { _ in Point(3 + rng.nextGaussian(), rng.nextGaussian()) }
        var r1 = SeededGenerator(seed: 5), r2 = SeededGenerator(seed: 5)
        let independent = FlowMatching().trainingBatch(for: ys, using: &r1)
        let coupled = FlowMatching(minibatchOT: true).trainingBatch(for: ys, using: &r2)
        func meanLength(_ e: [TrainingExample]) -> Double { e.map { ($0.target * $0.target).sum() }.reduce(0, +) / Double(e.count) }
        #expect(coupled.count == ys.count)
        #expect(meanLength(coupled) < 0.8 * meanLength(independent), "\(meanLength(coupled)) vs \(meanLength(independent))")
        // Each example's data point is input + (1 − t)·target, and the batch's points are the data, permuted.
        let recovered = coupled.map { $0.input + (1 - $0.conditioning) * $0.target }
        let key: (Point) -> [Double] = { [($0.x * 1e6).rounded(), ($0.y * 1e6).rounded()] }
        #expect(recovered.map(key).sorted { $0.lexicographicallyPrecedes($1) } == ys.map(key).sorted { $0.lexicographicallyPrecedes($1) })
    }
}
