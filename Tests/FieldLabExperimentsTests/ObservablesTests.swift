import Foundation
import Testing
import FieldLabCLI
import FieldLabCore
import FieldLabData
@testable import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

/// The observables against independent computations, their determinism, and
/// the file the command line writes.
@Suite struct ObservablesTests {
    /// The rows' steps: every K, and with `observePerDecade` m also the
    /// distinct round(10^(k/m)), enumerated here directly.
    @Test func observedStepsAreEveryKAndLogSpaced() {
        var configuration = TrainingConfiguration(method: .diffusion, steps: 2000, observeEvery: 500, observePerDecade: 4)
        var expected = Set(stride(from: 500, through: 2000, by: 500))
        for k in 0...13 { expected.insert(Int(pow(10, Double(k) / 4).rounded())) }
        expected = expected.filter { $0 <= 2000 }
        #expect(Set((1...2000).filter { configuration.observes(atStep: $0) }) == expected)
        #expect(expected.isSuperset(of: [1, 2, 3, 6, 10, 18, 32, 56, 100, 178, 316, 562, 1000, 1778]))
        configuration.observePerDecade = nil
        #expect((1...2000).filter { configuration.observes(atStep: $0) } == [500, 1000, 1500, 2000])
        configuration.observeEvery = nil
        configuration.observePerDecade = 4
        #expect(!(1...2000).contains { configuration.observes(atStep: $0) })
    }

    /// Small draws so that the tests stay quick.
    static var settings: Observer.Settings {
        var s = Observer.Settings()
        s.drawsPerBand = 64
        s.queriesPerScale = 64
        s.populationSize = 20_000
        s.sampleCount = 128
        return s
    }

    static let documentedHeader = "step,train_loss_fixed,heldout_loss,generalization_gap,"
        + "train_loss_fixed_low,train_loss_fixed_mid,train_loss_fixed_high,heldout_loss_low,heldout_loss_mid,heldout_loss_high,"
        + "field_error_train,field_error_population,field_error_train_low,field_error_train_mid,field_error_train_high,"
        + "field_error_population_low,field_error_population_mid,field_error_population_high,"
        + "memorization_ratio,memorization_baseline,log_nn_ratio,log_nn_ratio_baseline,"
        + "sliced_w2,sliced_w2_floor,energy_distance,energy_distance_floor,"
        + "weight_norm,train_loss,gradient_norm,learning_rate,seconds,observe_seconds"

    static func context(_ kind: MethodKind, training: [Point], dataset: ToyDataset? = .moons) -> ObservationContext {
        ObservationContext(method: makeMethod(kind: kind), trainingPoints: training, dataset: dataset, seed: 7,
                           settings: settings)
    }

    @Test(arguments: MethodKind.allCases)
    func heldOutLossIsTheMethodsLossOnTheSameDraws(kind: MethodKind) throws {
        let training = try TrainingSet.load("moons", size: 300, seed: 7).points
        let context = Self.context(kind, training: training)
        var loss = FixedLoss(context: context)
        let network = MLP<Float>(configuration: NetworkConfiguration(width: 8, depth: 2), seed: 3)
        let row = loss.measure(ObservationState(step: 0, network: network))
        // Replay the documented draws: fresh points from stream 2, examples from stream 3.
        let method = context.method
        let fresh = context.freshPoints(3 * Self.settings.drawsPerBand, stream: 2)!
        var rng = context.generator(3)
        let examples = fresh.map { method.trainingExample(for: $0, using: &rng) }
        let input = Matrix<Float>(rows: examples.count, columns: 2,
                                  storage: examples.flatMap { [Float($0.input.x), Float($0.input.y)] })
        let output = network(input, conditioning: examples.map { Float($0.conditioning) })
        var total = 0.0
        var bands = [0.0, 0.0, 0.0], counts = [0, 0, 0]
        for (i, e) in examples.enumerated() {
            let dx = Double(output[i, 0]) - Double(Float(e.target.x)), dy = Double(output[i, 1]) - Double(Float(e.target.y))
            let value = e.weight * (dx * dx + dy * dy)
            total += value
            let sigma = kind == .flowMatching ? (1 - e.conditioning) / e.conditioning : exp(4 * e.conditioning)
            let band = sigma < 0.1 ? 0 : sigma <= 1 ? 1 : 2
            bands[band] += value
            counts[band] += 1
        }
        let expected = total / Double(examples.count)
        let columns = loss.columns
        let heldOut = try #require(row[columns.firstIndex(of: "heldout_loss")!])
        #expect(abs(heldOut - expected) < 1e-6 * expected, "\(heldOut) vs \(expected)")
        for (b, name) in ["low", "mid", "high"].enumerated() where counts[b] > 0 {
            let value = try #require(row[columns.firstIndex(of: "heldout_loss_" + name)!])
            let reference = bands[b] / Double(counts[b])
            #expect(abs(value - reference) < 1e-6 * reference, "\(name): \(value) vs \(reference)")
        }
        let train = try #require(row[0])
        #expect(abs(try #require(row[2]) - (heldOut - train)) < 1e-12, "the gap is held-out minus train")
    }

    /// The precomputed velocities of the training set's exact field against a
    /// brute-force Gaussian-weighted mean (diffusion: v = (x − D*)/σ).
    @Test func precomputedExactVelocitiesMatchBruteForce() throws {
        let training = try TrainingSet.load("moons", size: 200, seed: 2).points
        let observable = FieldErrorAtFixedQueries(context: Self.context(.diffusion, training: training, dataset: nil))
        var worst = 0.0
        for scale in observable.precomputed {
            #expect(scale.population == nil, "no population field without fresh truth")
            let sigma = scale.time
            for i in stride(from: 0, to: scale.queries.rows, by: 7) {
                let x = Point(scale.queries[i, 0], scale.queries[i, 1])
                let logs = training.map { -(($0 - x) * ($0 - x)).sum() / (2 * sigma * sigma) }
                let top = logs.max()!
                var weight = 0.0, mean = Point.zero
                for (y, l) in zip(training, logs) { let w = exp(l - top); weight += w; mean += w * y }
                let v = (x - mean / weight) / sigma
                let got = Point(scale.train[i, 0], scale.train[i, 1])
                let norm = max(((v * v).sum()).squareRoot(), 1)
                worst = max(worst, (((got - v) * (got - v)).sum()).squareRoot() / norm)
            }
        }
        #expect(worst < 1e-5, "largest relative velocity error \(worst)")
    }

    static func observedRun(seed: UInt64, steps: Int = 60, every: Int = 20) throws -> [ObservationRow] {
        let config = TrainingConfiguration(method: .diffusion, dataset: "moons", trainSize: 500, steps: steps,
                                           batchSize: 64, network: NetworkConfiguration(width: 16, depth: 2),
                                           seed: seed, observeEvery: every)
        let set = try TrainingSet.load("moons", size: 500, seed: seed)
        let observer = Observer(configuration: config, trainingSet: set, settings: settings)
        return try Trainer.train(config, on: set, observer: observer).observations
    }

    @Test func theSameSeedGivesTheSameObservables() throws {
        let a = try Self.observedRun(seed: 5), b = try Self.observedRun(seed: 5), c = try Self.observedRun(seed: 6)
        #expect(a.count == 3 && a.map(\.step) == [20, 40, 60])
        #expect(a.map(\.withoutTiming) == b.map(\.withoutTiming))
        #expect(a.map(\.withoutTiming) != c.map(\.withoutTiming))
        #expect(ObservationRow.header(columns: a[0].columns) == Self.documentedHeader)
        // Every column is filled for a built-in dataset, and finite.
        for row in a { #expect(row.values.allSatisfy { $0 != nil && $0!.isFinite }, "\(row.line)") }
    }

    @Test func fieldErrorFallsOverTraining() throws {
        let config = TrainingConfiguration(method: .diffusion, dataset: "moons", trainSize: 1000, steps: 600,
                                           batchSize: 256, seed: 2, observeEvery: 100)
        let set = try TrainingSet.load("moons", size: 1000, seed: 2)
        var observer = Observer(configuration: config, trainingSet: set, settings: Self.settings)
        let untrained = observer.measureFinal(network: MLP<Float>(configuration: config.network, seed: 9), step: 0,
                                              trainingSeconds: 0)
        let rows = try Trainer.train(config, on: set, observer: observer).observations
        let train = rows.compactMap { $0["field_error_train"] }, population = rows.compactMap { $0["field_error_population"] }
        #expect(train.count == 6 && population.count == 6)
        let before = try #require(untrained["field_error_train"]), beforePopulation = try #require(untrained["field_error_population"])
        #expect(train.last! < 0.7 * before, "\(before) → \(train)")
        #expect(population.last! < 0.3 * beforePopulation, "\(beforePopulation) → \(population)")
        let heldOut = rows.compactMap { $0["heldout_loss"] }
        let heldOutBefore = try #require(untrained["heldout_loss"])
        #expect(heldOut.last! < heldOutBefore, "\(heldOutBefore) → \(heldOut)")
    }

    @Test func finalObservationMeasuresOnceWithoutTrainingStatistics() throws {
        let folder = NSTemporaryDirectory() + "fieldlab-final-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = TrainingConfiguration(method: .flowMatching, dataset: "moons", trainSize: 300, steps: 10,
                                           batchSize: 32, network: NetworkConfiguration(width: 8, depth: 1), seed: 1)
        let output = try TrainingRun.execute(config, sampling: SamplingOptions(count: 20), folder: folder,
                                             observeFinal: true)
        #expect(output.observations.isEmpty)
        let final = try #require(output.finalObservation)
        #expect(final.step == 10 && final["train_loss"] == nil && final["heldout_loss"] != nil)
        #expect(!FileManager.default.fileExists(atPath: folder + "/observables.csv"), "only with observeEvery")
    }

    @Test func trainWritesObservablesCSVWithOneRowPerKSteps() throws {
        let out = NSTemporaryDirectory() + "fieldlab-observe-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        var lines: [String] = []
        let status = FieldLabCommand.run(["train", "--poisson", "--dataset", "moons", "--steps", "20", "--batch-size", "32",
                                          "--width", "16", "--samples", "20", "--train-size", "400",
                                          "--observe-every", "5", "--out", out]) { lines.append($0) }
        #expect(status == 0, "\(lines)")
        let text = try String(contentsOfFile: out + "/observables.csv", encoding: .utf8)
        let rows = text.split(separator: "\n").map(String.init)
        #expect(rows.count == 1 + 4)
        #expect(rows.first == Self.documentedHeader)
        #expect(rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).first! } == ["5", "10", "15", "20"])
        #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 32 })
    }

    @Test func aFileDatasetLeavesTheFreshTruthColumnsEmpty() throws {
        let folder = NSTemporaryDirectory() + "fieldlab-observe-file-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var rng = SeededGenerator(seed: 3)
        try PointFile.write(ToyDataset.moons.sample(count: 200, using: &rng), to: folder + "/points.csv")
        let config = TrainingConfiguration(method: .diffusion, dataset: folder + "/points.csv", steps: 10, batchSize: 32,
                                           network: NetworkConfiguration(width: 8, depth: 1), seed: 1, observeEvery: 5)
        let set = try TrainingSet.load(config.dataset, size: nil, seed: 1)
        let rows = try Trainer.train(config, on: set, observer: Observer(configuration: config, trainingSet: set,
                                                                          settings: Self.settings)).observations
        #expect(rows.count == 2)
        for column in ["heldout_loss", "generalization_gap", "field_error_population", "memorization_baseline",
                       "sliced_w2", "energy_distance_floor"] {
            #expect(rows[0][column] == nil, "\(column) should be empty")
        }
        for column in ["train_loss_fixed", "field_error_train", "memorization_ratio", "log_nn_ratio", "weight_norm"] {
            #expect(rows[0][column] != nil, "\(column) should be filled")
        }
    }
}
