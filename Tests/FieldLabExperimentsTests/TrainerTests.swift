import Foundation
import Testing
import FieldLabCore
import FieldLabData
@testable import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

@Suite struct TrainerTests {
    static func run(seed: UInt64, kind: MethodKind = .poisson) throws -> (TrainingResult, [Point]) {
        let config = TrainingConfiguration(method: kind, dataset: "moons", trainSize: 500, steps: 30,
                                           batchSize: 64, network: NetworkConfiguration(width: 16, depth: 2), seed: seed)
        let set = try TrainingSet.load("moons", size: 500, seed: seed)
        let result = try Trainer.train(config, on: set)
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
        let log = try Trainer.train(config, on: set, reportEvery: 40).log
        #expect(log.count == 10)
        #expect(log.last!.loss < log.first!.loss, "\(log.map(\.loss))")
        #expect(log.allSatisfy { $0.loss.isFinite && $0.gradientNorm.isFinite })
    }
}

/// A run that blows up stops at the step where it did, names the cause, and
/// leaves no files behind.
@Suite struct DivergenceTests {
    static let config = TrainingConfiguration(method: .diffusion, dataset: "moons", trainSize: 500, steps: 60,
                                              batchSize: 32, network: NetworkConfiguration(width: 16, depth: 2), seed: 1)

    @Test func aNaNParameterStopsTheNextStepOnItsLoss() throws {
        let set = try TrainingSet.load("moons", size: 500, seed: 1)
        var reached = 0
        #expect(throws: TrainingError.diverged(step: 38, cause: "the loss is NaN")) {
            _ = try Trainer.train(Self.config, on: set, reportEvery: 10, report: { _ in },
                                  afterUpdate: { step, parameters in
                                      reached = step
                                      if step == 37 { parameters[5] = .nan }
                                  })
        }
        #expect(reached == 37, "no update may follow the bad step")
    }

    @Test func aBadParameterAfterTheLastLossIsCaughtBeforeReturning() throws {
        let set = try TrainingSet.load("moons", size: 500, seed: 1)
        #expect(throws: TrainingError.diverged(step: 60, cause: "parameter 7 is infinite")) {
            _ = try Trainer.train(Self.config, on: set, reportEvery: 1000, report: { _ in },
                                  afterUpdate: { step, parameters in if step == 60 { parameters[7] = .infinity } })
        }
    }

    @Test func anExplodingButFiniteLossIsCaught() throws {
        var config = Self.config
        config.learningRate = 1e3
        let set = try TrainingSet.load("moons", size: 500, seed: 1)
        do {
            _ = try Trainer.train(config, on: set)
            Issue.record("lr 1e3 trained without diverging")
        } catch let TrainingError.diverged(step, cause) {
            #expect(step >= 2 && step < 10, "\(step): \(cause)")
        }
    }

    @Test func aDivergedRunIntoAnExistingFolderLeavesItEmpty() throws {
        let folder = NSTemporaryDirectory() + "fieldlab-diverged-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = Self.config
        config.learningRate = 1e30
        #expect(throws: TrainingError.self) {
            _ = try TrainingRun.execute(config, sampling: SamplingOptions(count: 10), folder: folder)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func aCheckpointWithANaNIsNotWritten() throws {
        let path = NSTemporaryDirectory() + "fieldlab-nan-\(getpid()).safetensors"
        var network = MLP<Float>(configuration: NetworkConfiguration(width: 8, depth: 1), seed: 1)
        network.parameters[3] = .nan
        let model = TrainedModel(network: network, configuration: Self.config, standardization: .identity, step: 1)
        #expect(throws: CheckpointError.nonFinite(path: path, name: "layers.0.weight")) { try model.write(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func oldConfigurationsWithoutTheNewKeysStillDecode() throws {
        var encoded = try JSONEncoder().encode(Self.config)
        // The default configuration encodes without the keys added later...
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(!text.contains("weightDecay") && !text.contains("observeEvery"))
        // ... decodes to the defaults, and a set value round-trips.
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: encoded) == Self.config)
        var decayed = Self.config
        decayed.weightDecay = 0.01
        decayed.observeEvery = 5
        encoded = try JSONEncoder().encode(decayed)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: encoded) == decayed)
    }

    @Test func zeroWeightDecayIsPlainAdamAndDecayShrinksTheWeights() throws {
        let set = try TrainingSet.load("moons", size: 500, seed: 1)
        var config = Self.config
        let plain = try Trainer.train(config, on: set)
        config.weightDecay = 0
        #expect(try Trainer.train(config, on: set).rawNetwork == plain.rawNetwork)
        config.weightDecay = 5
        let decayed = try Trainer.train(config, on: set)
        func norm(_ p: [Float]) -> Double { p.map { Double($0) * Double($0) }.reduce(0, +).squareRoot() }
        #expect(norm(decayed.rawNetwork.parameters) < norm(plain.rawNetwork.parameters))
    }
}

@Suite struct FieldErrorTests {
    @Test func fieldErrorFallsAsTheNetworkLearns() throws {
        let config = TrainingConfiguration(method: .diffusion, dataset: "moons", trainSize: 1000, steps: 600,
                                           batchSize: 256, seed: 2, fieldErrorEvery: 200)
        let set = try TrainingSet.load("moons", size: 1000, seed: 2)
        let log = try Trainer.train(config, on: set, reportEvery: 100).log
        let errors = log.compactMap(\.fieldError)
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(errors.last! < errors.first!, "\(errors)")
    }
}

/// The data-parallel step: two shards' gradients add up to the gradient of
/// the whole minibatch computed in one pass (each shard's loss is normalised
/// by the whole batch), and so does the loss.
@Suite struct ShardedStepTests {
    @Test func shardGradientsSumToTheWholeBatchGradient() {
        let network = MLP<Float>(configuration: NetworkConfiguration(width: 24, depth: 2), seed: 4)
        let batch = 10
        var rng = SeededGenerator(seed: 2)
        let method = FlowMatching()
        let ys = (0..<batch).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) }
        let examples = ys.map { method.trainingExample(for: $0, using: &rng) }
        var whole = TrainingShard(rows: batch, batch: batch, parameterCount: network.parameters.count)
        whole.examples = examples
        whole.backpropagate(network: network)
        var parts = [TrainingShard(rows: 4, batch: batch, parameterCount: network.parameters.count),
                     TrainingShard(rows: 6, batch: batch, parameterCount: network.parameters.count)]
        parts[0].examples = Array(examples[0..<4])
        parts[1].examples = Array(examples[4..<10])
        for s in 0..<2 { parts[s].backpropagate(network: network) }
        #expect(abs(parts[0].loss + parts[1].loss - whole.loss) < 1e-5 * whole.loss)
        let norm = whole.gradient.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
        var worst = 0.0
        for i in whole.gradient.indices {
            worst = max(worst, abs(Double(parts[0].gradient[i] + parts[1].gradient[i]) - Double(whole.gradient[i])))
        }
        #expect(norm > 0 && worst < 1e-5 * norm, "largest difference \(worst) at norm \(norm)")
    }
}

@Suite struct MethodTitleTests {
    @Test func titlesTellTheVariantsApartAsCompareDoes() {
        func title(_ kind: MethodKind, _ parameters: [String: Double]) -> String {
            TrainingConfiguration(method: kind, methodParameters: parameters).methodTitle
        }
        #expect(title(.flowMatching, ["minibatch_ot": 1]) == "OT flow matching")
        #expect(title(.flowMatching, [:]) == MethodKind.flowMatching.displayName)
        #expect(title(.poisson, ["extra_dims": 2048]) == "PFGM++ D=2048")
        #expect(title(.poisson, ["extra_dims": 2.5]) == "PFGM++ D=2.5")
        #expect(title(.poisson, [:]) == "PFGM++ D=4")
        // The compare entries use the same names.
        for entry in Comparison.Entry.standard {
            #expect(title(entry.method, entry.parameters) == entry.title)
        }
    }
}
