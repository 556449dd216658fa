import Foundation
import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabMetrics

/// `compare` at its own budget (`train`'s: 4000 steps at batch 1024) and seed,
/// judged at n = 10 000 against the truth: each method's sliced W2 within
/// 1.3× of the floor and its energy distance within 1.5×, by the median of
/// three sampler draws (the run's own and two more), on `moons` and
/// `8gaussians`. The budget is the product's: a smaller one only makes the
/// bound harder, so the test keeps the time down by judging the three methods
/// (not compare's two variants) on two datasets.
///
/// Where a method misses, the miss is recorded as a known issue with the
/// figures measured when it was written; the training and the draws are
/// seeded, so the result is the same on every run, and a miss that goes away
/// fails the test until its mark is removed.
@Suite struct ComparisonAtTenThousandTests {
    static let entries = Comparison.Entry.standard.filter { ["diffusion", "flow-matching", "poisson-D4"].contains($0.name) }
    static let bounds: [(TwoSampleMetric, Double)] = [(.slicedWasserstein2, 1.3), (.energyDistance, 1.5)]

    /// The misses at seed 0 (median of three draws, sliced W2 / energy ratio to
    /// the floor): flow matching at 10 NFE, 1.35 / 2.18 on moons and
    /// 1.44 / 2.60 on 8gaussians; PFGM++ D = 4, 1.51 / 1.91 on moons and
    /// 1.31 / 1.38 on 8gaussians (sliced only). EDM meets both bounds
    /// (1.14 / 1.42 and 1.15 / 1.37).
    static let knownMisses: Set<String> = [
        "moons flow-matching sliced-w2", "moons flow-matching energy",
        "8gaussians flow-matching sliced-w2", "8gaussians flow-matching energy",
        "moons poisson-D4 sliced-w2", "moons poisson-D4 energy",
        "8gaussians poisson-D4 sliced-w2",
    ]

    @Test(arguments: [ToyDataset.moons, .eightGaussians])
    func everyMethodIsNearTheFloorAtTenThousandSamples(dataset: ToyDataset) throws {
        var configuration = Comparison.Configuration(dataset: dataset)
        configuration.entries = Self.entries
        configuration.likelihoodCount = 0
        configuration.sampleCount = 10_000
        configuration.metrics = Self.bounds.map(\.0)
        let folder = NSTemporaryDirectory() + "fieldlab-compare10k-\(getpid())-\(dataset.rawValue)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Comparison.run(configuration, folder: folder)
        #expect(result.truth.count == 10_000)
        #expect(result.outcomes.map(\.entry.name) == Self.entries.map(\.name))
        for outcome in result.outcomes {
            let model = try TrainedModel(contentsOf: folder + "/\(outcome.entry.name)/model.safetensors")
            #expect(outcome.sampler == model.method.defaultSampler)
            #expect(outcome.evaluations <= (outcome.entry.method == .flowMatching ? 10 : 20))
            let draws = (UInt64(1)...3).map { extra in
                model.standardization.invert(Sampler.sample(
                    network: model.network, method: model.method,
                    options: SamplingOptions(count: configuration.sampleCount, solver: outcome.sampler.solver,
                                             steps: outcome.sampler.steps, seed: configuration.seed &+ extra)).points)
            }
            for (metric, bound) in Self.bounds {
                let floor = try #require(result.floors[metric])
                let ratios = draws.map { metric.report($0, against: result.truth, floor: floor).ratio }.sorted()
                // The run's own draw is one of the three.
                #expect(ratios.contains { abs($0 - (outcome.metrics.first { $0.metric == metric.rawValue }?.ratio ?? -1)) < 1e-9 })
                let key = "\(dataset.rawValue) \(outcome.entry.name) \(metric.rawValue)"
                let check = { #expect(ratios[1] <= bound, "\(key): \(ratios)× floor, bound \(bound)×") }
                if Self.knownMisses.contains(key) {
                    withKnownIssue("\(key) misses \(bound)× (issue #11's figures)", check)
                } else {
                    check()
                }
            }
        }
    }
}
