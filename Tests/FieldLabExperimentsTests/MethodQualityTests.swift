import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabMetrics
import FieldLabNeural

/// Each method, trained with a small budget, draws samples as good as the data
/// (sliced W2 and energy distance within 3× of their noise floors), and the
/// same check fails for an untrained network, so it can fail.
@Suite(.serialized) struct MethodQualityTests {
    static let sampleCount = 2000

    static func configuration(_ kind: MethodKind, _ dataset: ToyDataset) -> TrainingConfiguration {
        TrainingConfiguration(method: kind, dataset: dataset.rawValue, trainSize: 20_000,
                              steps: 1500, batchSize: 512, learningRate: 5e-3, seed: 7)
    }

    static func check(_ samples: [Point], _ dataset: ToyDataset) -> [MetricReport] {
        Evaluation.evaluate(samples, against: dataset, seed: 1234)
    }

    @Test(arguments: [ToyDataset.moons, .eightGaussians], MethodKind.allCases)
    func trainedMethodMatchesTheDataWithinThreeTimesTheFloor(dataset: ToyDataset, kind: MethodKind) throws {
        let config = Self.configuration(kind, dataset)
        let trainingSet = try TrainingSet.load(dataset.rawValue, size: config.trainSize, seed: config.seed)
        let result = try Trainer.train(config, on: trainingSet)
        // Each method with its own sampler, as the product samples it.
        let sampler = config.generativeMethod.defaultSampler
        let samples = Sampler.sample(network: result.network, method: config.generativeMethod,
                                     options: SamplingOptions(count: Self.sampleCount, solver: sampler.solver,
                                                              steps: sampler.steps, seed: 99)).points
        for report in Self.check(samples, dataset) {
            #expect(report.floor.mean > 0)
            #expect(report.ratio <= 3, "\(kind.rawValue) on \(dataset.rawValue): \(report.metric) = \(report.value), \(report.ratio)× floor \(report.floor.mean)")
        }
        // The stochastic (churn) sampler draws from the same distribution, reproducibly. It
        // samples the same network on EDM's image grid (σ from 80 to 0.002, ρ = 7), which its
        // churn of 10 was set for: the tuning chose the deterministic sampler's range only, and
        // on PFGM++'s tuned range (σ_min = 0.02, ρ = 3) this churn left 8gaussians at 3.06× the
        // energy floor. (The σ range only changes sampling: the network is the same.)
        if kind != .flowMatching {
            let image = ["sigma_max": 80.0, "sigma_min": 0.002, "rho": 7]
            let method = makeMethod(kind: kind, parameters: config.methodParameters.merging(image) { $1 })
            let options = SamplingOptions(count: Self.sampleCount, steps: 32, seed: 5, churn: 10)
            let stochastic = Sampler.sample(network: result.network, method: method, options: options).points
            #expect(stochastic == Sampler.sample(network: result.network, method: method, options: options).points)
            for report in Self.check(stochastic, dataset) {
                #expect(report.ratio <= 3, "churn: \(kind.rawValue) on \(dataset.rawValue): \(report.metric) \(report.ratio)× floor")
            }
        }
    }

    @Test(arguments: MethodKind.allCases)
    func untrainedNetworkFailsTheSameCheck(kind: MethodKind) {
        let config = Self.configuration(kind, .moons)
        let untrained = MLP<Float>(configuration: config.network, seed: 1)
        let samples = Sampler.sample(network: untrained, method: config.generativeMethod,
                                     options: SamplingOptions(count: Self.sampleCount, seed: 99)).points
        let reports = Self.check(samples, .moons)
        #expect(reports.allSatisfy { $0.ratio > 3 }, "\(reports.map(\.ratio))")
    }
}
