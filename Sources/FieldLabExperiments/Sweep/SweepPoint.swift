import Foundation

/// One point of a sweep: one training run with one seed.
public struct SweepPoint: Codable, Sendable, Equatable {
    /// Position in the plan (shard `I/N` runs the points with `index % N == I`).
    public var index: Int
    /// The swept parameters and this point's values of them, in axis order.
    public var parameters: [SweepParameter]
    public var values: [SweepValue]
    public var seed: UInt64
    /// The run's complete settings.
    public var training: TrainingConfiguration
    public var sampling: SweepSampling

    /// A hash of the canonical configuration (the training settings, seed
    /// included, and the sampling settings; not the plan index): the same
    /// point has the same id on every machine and in every sweep.
    public var id: String {
        struct Canonical: Encodable { var training: TrainingConfiguration; var sampling: SweepSampling }
        return SweepJSON.hash((try? SweepJSON.encode(Canonical(training: training, sampling: sampling))) ?? Data())
    }

    /// A hash of the settings the network is trained with
    /// (``TrainingConfiguration/trainingIdentity``): points with the same
    /// training id share one training run.
    public var trainingID: String {
        SweepJSON.hash((try? SweepJSON.encode(training.trainingIdentity)) ?? Data())
    }

    /// `column → value` of the swept parameters (`train_size` → 64, …).
    public var columns: [(name: String, value: SweepValue)] {
        zip(parameters, values).map { ($0.column, $1) }
    }
}
