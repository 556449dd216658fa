import Foundation
import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabMetrics

/// `compare` on a quarter of its budget (2000 steps at batch 512, to keep
/// the suite short): every method's samples are within 2× of
/// the noise floor (sliced W2 and exact W2, n = 2000), trained networks do not memorise
/// (they stay near the ratio of fresh true samples), and the exact-field
/// sampler does.
@Suite struct ComparisonTests {
    @Test(arguments: [ToyDataset.moons, .eightGaussians, .checkerboard, .swissroll])
    func everyMethodIsWithinTwiceTheFloor(dataset: ToyDataset) throws {
        var configuration = Comparison.Configuration(dataset: dataset)
        configuration.steps = 2000
        configuration.batchSize = 512
        configuration.likelihoodCount = 0
        configuration.seed = 3
        let folder = NSTemporaryDirectory() + "fieldlab-compare-\(getpid())-\(dataset.rawValue)"
        let result = try Comparison.run(configuration, folder: folder)
        #expect(result.outcomes.count == Comparison.Entry.standard.count)
        #expect(result.memorizationBaseline > 0.05 && result.memorizationBaseline < 0.2)
        for outcome in result.outcomes {
            // One draw of 2000 samples is a noisy measurement of a model: its sliced W2
            // varies by about ±18 % of the floor from the prior draw alone. At seed 3 the
            // PFGM++ prior draw is a 2.7σ outlier (mean y 4.8 at sd 1.8) that shifts the
            // samples' mean by four standard errors and doubles their sliced W2, whatever the
            // training budget. So each model is judged by the median over three sampler
            // seeds: the compare run's own draw and two more of the same size.
            let model = try TrainedModel(contentsOf: folder + "/\(outcome.entry.name)/model.safetensors")
            // Each method samples with its own sampler.
            #expect(outcome.sampler == model.method.defaultSampler)
            let draws = (UInt64(1)...3).map { extra in
                model.standardization.invert(Sampler.sample(
                    network: model.network, method: model.method,
                    options: SamplingOptions(count: configuration.sampleCount, solver: outcome.sampler.solver,
                                             steps: outcome.sampler.steps, seed: configuration.seed &+ extra)).points)
            }
            // The saved checkpoint reproduces the compare run's own draw (same seed, same samples).
            let gap = zip(draws[0], outcome.samples).map { abs($0.x - $1.x) + abs($0.y - $1.y) }.max() ?? .infinity
            #expect(gap < 1e-9, "\(outcome.entry.name): reloaded checkpoint differs from the run by \(gap)")
            for metric in [TwoSampleMetric.slicedWasserstein2, .exactWasserstein2] {
                let floor = try #require(result.floors[metric])
                let ratios = draws.map { metric.report($0, against: result.truth, floor: floor).ratio }.sorted()
                #expect(ratios[1] <= 2, "\(dataset.rawValue) \(outcome.entry.name): \(metric.rawValue) \(ratios)× floor")
            }
            #expect(abs(outcome.memorization - result.memorizationBaseline) < 0.08,
                    "\(outcome.entry.name) memorises \(outcome.memorization) vs baseline \(result.memorizationBaseline)")
            #expect(outcome.evaluations == outcome.sampler.evaluations)
            #expect(FileManager.default.fileExists(atPath: folder + "/\(outcome.entry.name)/samples.csv"))
        }
        // The exact field of a small training set memorises on the same data.
        let small = try TrainingSet.load(dataset.rawValue, size: 200, seed: 3)
        let exact = Sampler.sampleExact(method: EDMDiffusion(), trainingPoints: small.points,
                                        options: SamplingOptions(count: 500, seed: 1)).points
        #expect(Memorization.ratio(exact, training: small.points) >= 0.95)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
