import Foundation
import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabMetrics

/// `bench --time-to-quality` on a short budget: the judgements are the
/// tuning's ratios (checked against the final network sampled and scored
/// apart), come at the promised steps with training time that only grows,
/// and the time to quality is the first judgement within the target.
@Suite struct TimeToQualityTests {
    static func configuration() -> TimeToQuality.Configuration {
        var c = TimeToQuality.Configuration()
        c.datasets = [.eightGaussians]
        c.entries = Comparison.Entry.standard.filter { $0.name == "flow-matching" }
        c.steps = 600
        c.every = 200
        c.batchSize = 256
        c.width = 64
        c.sampleCount = 2000
        return c
    }

    @Test func judgementsAreTheTuningsRatiosAtTheirSteps() throws {
        let c = Self.configuration()
        let rows = try TimeToQuality.run(c)
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row.dataset == "8gaussians")
        #expect(row.judgements.map(\.step) == [200, 400, 600])
        #expect(zip(row.judgements, row.judgements.dropFirst()).allSatisfy { $0.seconds < $1.seconds })
        #expect(row.judgements.last!.seconds <= row.trainingSeconds + 1e-9)
        let sampler = FlowMatching(parameters: [:]).defaultSampler
        #expect(row.solver == sampler.solver.rawValue && row.solverSteps == sampler.steps && row.evaluations == sampler.evaluations,
                "\(row.solver) \(row.solverSteps) \(row.evaluations) against \(sampler)")

        // The same training, scored apart: the final network's own draws (three
        // sampler seeds) against a fresh reference, over floors of their own.
        var training = TrainingConfiguration(method: .flowMatching, dataset: "8gaussians", steps: c.steps,
                                             batchSize: c.batchSize, network: .init(width: c.width), seed: c.seed)
        training.methodParameters = FlowMatching(parameters: [:]).parameters
        let set = try TrainingSet.load("8gaussians", size: nil, seed: c.seed)
        let network = try Trainer.train(training, on: set).network
        var rng = SeededGenerator(seed: 77)
        let reference = ToyDataset.eightGaussians.sample(count: c.sampleCount, using: &rng)
        let floor = TwoSampleMetric.slicedWasserstein2.noiseFloor(sampleSize: c.sampleCount, seed: 78) { n, g in
            ToyDataset.eightGaussians.sample(count: n, using: &g)
        }
        let apart = (UInt64(1)...3).map { seed in
            let points = Sampler.sample(network: network, method: FlowMatching(parameters: [:]),
                                        options: SamplingOptions(count: c.sampleCount, solver: sampler.solver,
                                                                 steps: sampler.steps, seed: seed)).points
            return TwoSampleMetric.slicedWasserstein2.evaluate(points, reference) / floor.mean
        }.sorted()[1]
        let judged = try #require(row.judgements.last?.slicedRatio)
        // Both measure the same network; they differ by the draws alone (a ratio near 1.5 moves by about ±0.2).
        #expect(abs(judged - apart) < 0.35 * apart, "judged \(judged)×, scored apart \(apart)×")
    }

    @Test func timeToQualityIsTheFirstJudgementWithinTarget() throws {
        var c = Self.configuration()
        c.steps = 400
        // A target every judgement meets is reached at the first one; one none meets, never.
        c.slicedTarget = 1e9
        c.energyTarget = 1e9
        let easy = try #require(try TimeToQuality.run(c).first)
        #expect(easy.slicedReached == easy.judgements.first && easy.bothReached == easy.judgements.first)
        // A target between the two ratios is reached at the first judgement at or below it.
        let ratios = easy.judgements.compactMap(\.slicedRatio)
        #expect(ratios.count == 2)
        c.slicedTarget = ratios.max()! - 1e-9
        let mid = try #require(try TimeToQuality.run(c).first)
        #expect(mid.slicedReached?.step == easy.judgements[ratios.firstIndex(of: ratios.min()!)!].step)
        c.slicedTarget = 0
        let never = try #require(try TimeToQuality.run(c).first)
        #expect(never.slicedReached == nil && never.bothReached == nil)
        #expect(TimeToQuality.table([never], c).contains("not reached"))
    }
}
