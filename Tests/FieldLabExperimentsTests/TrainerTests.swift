import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

@Suite struct TrainerTests {
    static func run(seed: UInt64, kind: MethodKind = .poisson) throws -> (TrainingResult, [Point]) {
        let config = TrainingConfiguration(method: kind, dataset: "moons", trainSize: 500, steps: 30,
                                           batchSize: 64, network: NetworkConfiguration(width: 16, depth: 2), seed: seed)
        let set = try TrainingSet.load("moons", size: 500, seed: seed)
        let result = Trainer.train(config, on: set)
        let samples = Sampler.sample(network: result.network, method: config.generativeMethod,
                                     options: SamplingOptions(count: 50, seed: seed)).points
        return (result, samples)
    }

    @Test func sameSeedGivesTheSameNetworkAndSamples() throws {
        let (a, sa) = try Self.run(seed: 3)
        let (b, sb) = try Self.run(seed: 3)
        #expect(a.network == b.network)
        #expect(sa == sb)
        let (c, _) = try Self.run(seed: 4)
        #expect(a.network != c.network)
    }

    @Test(arguments: MethodKind.allCases)
    func lossFallsFromItsStart(kind: MethodKind) throws {
        let config = TrainingConfiguration(method: kind, dataset: "moons", trainSize: 2000, steps: 400,
                                           batchSize: 256, seed: 1)
        let set = try TrainingSet.load("moons", size: 2000, seed: 1)
        let log = Trainer.train(config, on: set, reportEvery: 40).log
        #expect(log.count == 10)
        #expect(log.last!.loss < log.first!.loss, "\(log.map(\.loss))")
        #expect(log.allSatisfy { $0.loss.isFinite && $0.gradientNorm.isFinite })
    }
}

@Suite struct FieldErrorTests {
    @Test func fieldErrorFallsAsTheNetworkLearns() throws {
        let config = TrainingConfiguration(method: .diffusion, dataset: "moons", trainSize: 1000, steps: 600,
                                           batchSize: 256, seed: 2, fieldErrorEvery: 200)
        let set = try TrainingSet.load("moons", size: 1000, seed: 2)
        let log = Trainer.train(config, on: set, reportEvery: 100).log
        let errors = log.compactMap(\.fieldError)
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(errors.last! < errors.first!, "\(errors)")
    }
}
