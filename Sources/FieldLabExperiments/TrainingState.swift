import Foundation
import FieldLabCore
import FieldLabData
import FieldLabNeural

/// Everything the training loop holds between two steps: with it, a run
/// stopped after `step` steps continues to exactly the result it would have
/// reached without stopping (``Trainer/train(_:on:observer:reportEvery:resume:checkpointEvery:checkpoint:report:)``).
///
/// The raw parameters, Adam's moments and step, the moving average and its
/// update count, the random stream's position, the loss limit set by the
/// first step, the log so far and the sums of the report not yet made.
public struct TrainingState: Sendable, Equatable {
    /// Steps completed.
    public var step: Int
    public var parameters: [Float]
    public var optimizer: Adam<Float>
    public var average: ExponentialMovingAverage<Float>
    public var random: SeededGenerator
    /// 10⁶ × max(1, the first step's loss) (see ``Trainer/explosionFactor``).
    public var lossLimit: Double
    /// The reports made so far.
    public var log: [TrainingEvent]
    /// The sums since the last report: loss, gradient norm, steps, and the
    /// field error measured since then.
    public var pendingLoss: Double
    public var pendingNorm: Double
    public var pendingCount: Int
    public var pendingFieldError: Double?
    /// Training seconds so far (the resumed run's clock starts from them).
    public var seconds: Double

    public static func == (a: TrainingState, b: TrainingState) -> Bool {
        a.step == b.step && a.parameters == b.parameters && a.optimizer == b.optimizer && a.average == b.average
            && a.random.state == b.random.state && a.lossLimit == b.lossLimit && a.log == b.log
            && a.pendingLoss == b.pendingLoss && a.pendingNorm == b.pendingNorm && a.pendingCount == b.pendingCount
            && a.pendingFieldError == b.pendingFieldError && a.seconds == b.seconds
    }
}

/// A run's resumable state on disk: `DIR/training-state.safetensors`, written
/// by `train --checkpoint-every K` every K steps and read by `train --resume DIR`.
///
/// Tensors `parameters`, `adam.first_moment`, `adam.second_moment` and
/// `ema.average` (F32, the network's parameter layout); metadata `format`
/// (`fieldlab-training-state-1`), `config` (the run's ``TrainingConfiguration``),
/// `sampling` (its ``SamplingOptions``), `training_set` (a checksum of the
/// standardised training points, so a dataset file that changed is caught),
/// and `state`: the step, Adam's step, the average's updates, the random
/// stream's four words, the loss limit, the log and the pending sums, as JSON
/// (doubles written in their shortest exact form).
public struct TrainingCheckpoint: Sendable, Equatable {
    public var configuration: TrainingConfiguration
    public var sampling: SamplingOptions
    /// K of `--checkpoint-every`, kept by the resumed run.
    public var checkpointEvery: Int
    public var trainingSetChecksum: String
    public var state: TrainingState

    public static let fileName = "training-state.safetensors"
    public static let format = "fieldlab-training-state-1"

    public init(configuration: TrainingConfiguration, sampling: SamplingOptions, checkpointEvery: Int,
                trainingSet: TrainingSet, state: TrainingState) {
        self.configuration = configuration
        self.sampling = sampling
        self.checkpointEvery = checkpointEvery
        self.trainingSetChecksum = Self.checksum(trainingSet)
        self.state = state
    }

    /// FNV-1a (64 bits) of the standardised points' bit patterns and the standardisation, in hex.
    public static func checksum(_ trainingSet: TrainingSet) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Double) {
            var bits = value.bitPattern
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3
                bits >>= 8
            }
        }
        for p in trainingSet.points { mix(p.x); mix(p.y) }
        mix(trainingSet.standardization.scale)
        mix(trainingSet.standardization.mean.x)
        mix(trainingSet.standardization.mean.y)
        return String(hash, radix: 16)
    }

    /// The JSON part of the state.
    struct Scalars: Codable {
        var step: Int
        var adamStep: Int
        var averageUpdates: Int
        var random: [UInt64]
        var lossLimit: Double
        var log: [TrainingEvent]
        var pendingLoss: Double
        var pendingNorm: Double
        var pendingCount: Int
        var pendingFieldError: Double?
        var seconds: Double
    }

    public var safeTensors: SafeTensors {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) -> String { String(decoding: try! encoder.encode(value), as: UTF8.self) }
        let s = state
        let scalars = Scalars(step: s.step, adamStep: s.optimizer.step, averageUpdates: s.average.updates,
                              random: s.random.state, lossLimit: s.lossLimit, log: s.log, pendingLoss: s.pendingLoss,
                              pendingNorm: s.pendingNorm, pendingCount: s.pendingCount,
                              pendingFieldError: s.pendingFieldError, seconds: s.seconds)
        let n = s.parameters.count
        return SafeTensors(
            metadata: ["format": Self.format, "config": json(configuration), "sampling": json(sampling),
                       "checkpoint_every": String(checkpointEvery), "training_set": trainingSetChecksum,
                       "state": json(scalars)],
            tensors: ["parameters": .init(s.parameters, shape: [n]),
                      "adam.first_moment": .init(s.optimizer.firstMoment, shape: [n]),
                      "adam.second_moment": .init(s.optimizer.secondMoment, shape: [n]),
                      "ema.average": .init(s.average.average, shape: [n])])
    }

    /// Writes the state atomically (the previous one stays until the new one is complete).
    ///
    /// - Throws: ``CheckpointError/nonFinite(path:name:)``, writing nothing,
    ///   when a tensor holds NaN or infinite values.
    public func write(to path: String) throws {
        let file = safeTensors
        for name in file.tensors.keys.sorted() where file.tensors[name]!.values(as: Float.self)!.contains(where: { !$0.isFinite }) {
            throw CheckpointError.nonFinite(path: path, name: name)
        }
        try file.write(to: path)
    }

    /// Reads a state written by ``write(to:)``; every part is checked, and a
    /// problem is named in one line.
    public init(contentsOf path: String) throws {
        try self.init(safeTensors: SafeTensors(contentsOf: path), path: path)
    }

    /// Reads a state from a parsed file (`path` names it in errors).
    public init(safeTensors file: SafeTensors, path: String) throws {
        func bad(_ reason: String) -> CheckpointError { .malformed(path: path, reason: reason) }
        guard file.metadata["format"] == Self.format else {
            throw bad("not a FieldLab training state (format '\(file.metadata["format"]?.prefix(64) ?? "none")', expected '\(Self.format)')")
        }
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            guard let text = file.metadata[key] else { throw bad("no '\(key)' in its metadata") }
            do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
                throw bad("its '\(key)' cannot be read (\(NetworkCheckpoint<Float>.summary(of: error)))")
            }
        }
        let configuration = try decode(TrainingConfiguration.self, "config")
        let sampling = try decode(SamplingOptions.self, "sampling")
        let scalars = try decode(Scalars.self, "state")
        guard let checksum = file.metadata["training_set"] else { throw bad("no 'training_set' in its metadata") }
        guard let every = file.metadata["checkpoint_every"].flatMap({ Int($0) }), every > 0 else {
            throw bad("no valid 'checkpoint_every' in its metadata")
        }
        let network = configuration.network
        guard network.width > 0, network.width <= 1 << 14, network.depth > 0, network.depth <= 64,
              (0...4096).contains(network.embedding.featureCount) else {
            throw bad("implausible network configuration")
        }
        let count = network.parameterCount
        func tensor(_ name: String) throws -> [Float] {
            guard let t = file.tensors[name] else { throw CheckpointError.missingTensor(path: path, name: name) }
            guard t.shape == [count], let values = t.values(as: Float.self) else {
                throw CheckpointError.incompatible(path: path, reason: "'\(name)' has shape \(t.shape) \(t.dtype), expected [\(count)] F32")
            }
            guard values.allSatisfy(\.isFinite) else { throw bad("'\(name)' holds NaN or infinite values") }
            return values
        }
        let parameters = try tensor("parameters")
        let first = try tensor("adam.first_moment"), second = try tensor("adam.second_moment")
        let average = try tensor("ema.average")
        guard (1..<configuration.steps).contains(scalars.step), scalars.adamStep == scalars.step,
              scalars.averageUpdates == scalars.step, scalars.pendingCount >= 0, scalars.lossLimit.isFinite,
              scalars.seconds.isFinite, scalars.seconds >= 0, scalars.pendingLoss.isFinite, scalars.pendingNorm.isFinite,
              scalars.pendingFieldError?.isFinite ?? true,
              scalars.log.allSatisfy({ [$0.loss, $0.learningRate, $0.gradientNorm, $0.seconds, $0.fieldError ?? 0].allSatisfy(\.isFinite) }) else {
            throw bad("its step counts are inconsistent (step \(scalars.step) of \(configuration.steps))")
        }
        guard let random = SeededGenerator(state: scalars.random) else { throw bad("its random stream position is invalid") }
        self.configuration = configuration
        self.sampling = sampling
        self.checkpointEvery = every
        self.trainingSetChecksum = checksum
        self.state = TrainingState(
            step: scalars.step, parameters: parameters,
            optimizer: Adam(step: scalars.adamStep, firstMoment: first, secondMoment: second,
                            weightDecay: Float(configuration.weightDecay)),
            average: ExponentialMovingAverage(average: average, updates: scalars.averageUpdates,
                                              decay: configuration.emaDecay),
            random: random, lossLimit: scalars.lossLimit, log: scalars.log, pendingLoss: scalars.pendingLoss,
            pendingNorm: scalars.pendingNorm, pendingCount: scalars.pendingCount,
            pendingFieldError: scalars.pendingFieldError, seconds: scalars.seconds)
    }
}
