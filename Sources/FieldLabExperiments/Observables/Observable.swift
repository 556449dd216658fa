import FieldLabCore
import FieldLabData
import FieldLabMethods
import FieldLabNeural

/// One observable of a training run (DESIGN §9): named columns with units,
/// measured from an ``ObservationState``. A new observable is one type in one
/// file, added to ``Observer/standardObservables(context:)``.
///
/// An observable draws whatever it compares against once, in its initialiser
/// (from the context's seeded streams), so that every measurement looks at
/// the same draws and costs only network evaluations and arithmetic.
public protocol Observable: Sendable {
    /// Column names, snake_case, in order.
    var columns: [String] { get }
    /// The unit of each column ("1" for a pure number).
    var units: [String] { get }
    /// Whether `measure` reads `state.samples` (the observer then draws them once per row).
    var needsSamples: Bool { get }
    /// One value per column; nil leaves the cell empty (not measurable here,
    /// e.g. no fresh truth for a dataset given as a file).
    mutating func measure(_ state: ObservationState) -> [Double?]
}

extension Observable {
    public var needsSamples: Bool { false }
}

/// What an observable may look at when it measures.
public struct ObservationState: Sendable {
    /// Training steps taken.
    public var step: Int
    /// The averaged (EMA) network, the one that is sampled.
    public var network: MLP<Float>
    /// The raw parameters (nil when only the averaged network is known).
    public var rawParameters: [Float]?
    /// Mean minibatch loss since the previous row (nil outside training).
    public var trainLoss: Double?
    /// Mean pre-clip gradient norm since the previous row (nil outside training).
    public var gradientNorm: Double?
    /// Learning rate of the last step (nil outside training).
    public var learningRate: Double?
    /// The fixed-seed samples of `network` (standard frame), when an observable needs them.
    public var samples: [Point] = []

    public init(step: Int, network: MLP<Float>, rawParameters: [Float]? = nil, trainLoss: Double? = nil,
                gradientNorm: Double? = nil, learningRate: Double? = nil) {
        self.step = step
        self.network = network
        self.rawParameters = rawParameters
        self.trainLoss = trainLoss
        self.gradientNorm = gradientNorm
        self.learningRate = learningRate
    }
}

/// What observables are prepared from: the method, the training set, fresh
/// truth if there is any, the seed and the sizes of their fixed draws.
public struct ObservationContext: Sendable {
    public var method: any GenerativeMethod
    /// The training points (standard frame).
    public var trainingPoints: [Point]
    /// The distribution the training set was drawn from (nil for a file:
    /// then every column that needs fresh truth is empty).
    public var dataset: ToyDataset?
    public var seed: UInt64
    public var settings: Observer.Settings

    public init(method: any GenerativeMethod, trainingPoints: [Point], dataset: ToyDataset?, seed: UInt64,
                settings: Observer.Settings = Observer.Settings()) {
        self.method = method
        self.trainingPoints = trainingPoints
        self.dataset = dataset
        self.seed = seed
        self.settings = settings
    }

    /// The seeded stream `stream` of the observables (independent of the
    /// training's own streams, the same for the same seed).
    public func generator(_ stream: UInt64) -> SeededGenerator {
        var root = SeededGenerator(seed: seed ^ 0x0B5E_7AB1_E5C0_FFEE)
        return root.fork(stream: stream)
    }

    /// `count` fresh points of the distribution from `stream` (nil for a file).
    public func freshPoints(_ count: Int, stream: UInt64) -> [Point]? {
        guard let dataset else { return nil }
        var rng = generator(stream)
        return dataset.sample(count: count, using: &rng)
    }
}
