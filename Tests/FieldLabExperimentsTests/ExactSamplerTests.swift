import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabMetrics

/// The exact field of a finite training set carries the prior onto the
/// training points themselves: its samples are memorised, far above the
/// baseline of fresh true samples (about 1/9).
@Suite struct ExactSamplerTests {
    @Test(arguments: MethodKind.allCases)
    func exactFieldSamplesLandOnTrainingPoints(kind: MethodKind) throws {
        let trainingSet = try TrainingSet.load("moons", size: 200, seed: 3)
        let samples = Sampler.sampleExact(method: makeMethod(kind: kind), trainingPoints: trainingSet.points,
                                          options: SamplingOptions(count: 1000, steps: 18, seed: 4)).points
        #expect(samples.allSatisfy { $0.x.isFinite && $0.y.isFinite })
        let ratio = Memorization.ratio(samples, training: trainingSet.points)
        #expect(ratio >= 0.95, "\(kind.rawValue): memorisation \(ratio)")
        var rng = SeededGenerator(seed: 9)
        let baseline = Memorization.ratio(ToyDataset.moons.sample(count: 1000, using: &rng), training: trainingSet.points)
        #expect(baseline < 0.3, "fresh samples: \(baseline)")
    }

    /// The memorising limit at every training-set size: the grid continues
    /// below 1 % of the nearest-neighbour spacing and ends with the step to
    /// σ = 0, so samples are training points (before that, 8gaussians at
    /// N = 16384 memorised 0.70 / 0.65 / 0.38 with EDM / PFGM++ / flow
    /// matching). Checked with the 1/3 rule and, independently, by brute
    /// force: most samples lie within 10⁻³ of the median spacing of a training
    /// point (PFGM++'s heavy-tailed kernel blends in far points with weights
    /// ∝ (σ/d)^(2+D), which moves D* by about 10⁻⁴ of the spacing at D = 1).
    @Test(arguments: [(MethodKind.diffusion, 8), (.diffusion, 4096), (.diffusion, 16384),
                      (.flowMatching, 8), (.flowMatching, 4096), (.flowMatching, 16384),
                      (.poisson, 8), (.poisson, 4096), (.poisson, 16384)])
    func exactSamplerMemorisesAtEveryTrainingSize(kind: MethodKind, size: Int) throws {
        for dataset in ["8gaussians", "checkerboard"] {
            let trainingSet = try TrainingSet.load(dataset, size: size, seed: 1)
            let tolerance = 1e-3 * Memorization.Index(training: trainingSet.points).medianSpacing()
            for steps in [18, 60] {
                let samples = Sampler.sampleExact(method: makeMethod(kind: kind), trainingPoints: trainingSet.points,
                                                  options: SamplingOptions(count: 400, steps: steps, seed: 4)).points
                let ratio = Memorization.ratio(samples, training: trainingSet.points)
                #expect(ratio >= 0.95, "\(kind.rawValue) \(dataset) N=\(size) \(steps) steps: memorisation \(ratio)")
                let onAPoint = samples.filter { s in
                    trainingSet.points.contains { p in ((s - p) * (s - p)).sum() < tolerance * tolerance }
                }.count
                #expect(Double(onAPoint) >= 0.95 * Double(samples.count),
                        "\(kind.rawValue) \(dataset) N=\(size): \(onAPoint) of \(samples.count) within 1e-3 spacing of a point")
            }
        }
    }

    /// PFGM++ at small D has a heavy-tailed kernel and prior: the exact
    /// sampler still copies. D = 1 (infinite-variance prior) needs more steps
    /// for the far prior draws: at 18 steps it memorised 0.935 (40: 0.988).
    @Test(arguments: [(1.0, 40), (4.0, 18)])
    func exactPoissonSamplerMemorisesAtSmallD(extraDimensions: Double, steps: Int) throws {
        let trainingSet = try TrainingSet.load("moons", size: 4096, seed: 2)
        let samples = Sampler.sampleExact(method: PoissonFlow(parameters: ["extra_dims": extraDimensions]),
                                          trainingPoints: trainingSet.points,
                                          options: SamplingOptions(count: 400, steps: steps, seed: 5)).points
        let ratio = Memorization.ratio(samples, training: trainingSet.points)
        #expect(ratio >= 0.95, "D = \(extraDimensions): memorisation \(ratio)")
    }

    /// The median nearest-neighbour spacing against a brute-force computation.
    @Test func medianSpacingMatchesBruteForce() throws {
        let points = try TrainingSet.load("swissroll", size: 301, seed: 7).points
        let brute = points.indices.map { i in
            points.indices.filter { $0 != i }.map { j in ((points[i] - points[j]) * (points[i] - points[j])).sum().squareRoot() }.min()!
        }.sorted()[150]
        #expect(abs(Memorization.Index(training: points).medianSpacing() - brute) <= 1e-12 * brute)
    }
}
