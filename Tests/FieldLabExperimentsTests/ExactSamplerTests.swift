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
}
