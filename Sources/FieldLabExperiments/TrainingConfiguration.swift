import FieldLabData
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// Everything that determines a training run. Saved as `config.json` and in
/// the checkpoint's metadata, so a run can be reproduced from its folder.
///
/// Settings added later (`weightDecay`, `observeEvery`, `observeSolverSteps`,
/// `learningRateFloor`, …) decode with their
/// defaults when the key is missing, and are left out of the JSON while they
/// have them, so files written before they existed still load and the
/// default configuration still encodes to the same bytes.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
    public var method: MethodKind
    /// Method constants (e.g. `extra_dims` for Poisson flow); defaults for missing keys.
    public var methodParameters: [String: Double]
    /// Built-in dataset name or a CSV/NPY path.
    public var dataset: String
    /// Size of the fixed training set (nil: 20 000 for built-ins, the whole file for files).
    public var trainSize: Int?
    public var steps: Int
    public var batchSize: Int
    /// Peak learning rate (after linear warm-up; cosine decay to
    /// `learningRateFloor` of it at the end).
    public var learningRate: Double
    /// The end of the cosine decay, as a fraction of the peak (1: constant after warm-up).
    public var learningRateFloor: Double
    public var warmupSteps: Int
    public var gradientClip: Double
    public var emaDecay: Double
    public var network: NetworkConfiguration
    public var seed: UInt64
    /// Every this many steps, measure the field error of the averaged network
    /// against the exact field of the training set (nil: never).
    public var fieldErrorEvery: Int?
    /// Decoupled weight decay λ of AdamW (θ ← θ − lr·λ·θ beside the Adam
    /// step, on every parameter, biases included); 0 is plain Adam.
    public var weightDecay: Double
    /// Every this many steps, measure the observables (`observables.csv`, see
    /// ``Observer``) of the run (nil: never).
    public var observeEvery: Int?
    /// Heun steps of the observer's fixed-seed samples in each row (nil: the
    /// observer's cheap default, 6). At small N those blurred samples halve
    /// the memorisation ratio, so an experiment that reads memorisation over
    /// training asks for the 18 of the final samples.
    public var observeSolverSteps: Int?
    /// With `observeEvery`, also measure at log-spaced steps, this many per
    /// decade (round(10^(k/m)) for k = 0, 1, …): early training, where a
    /// minimum of the population-field error sits, at a resolution the
    /// uniform rows would only give at many times their cost (nil: none).
    public var observePerDecade: Int?
    /// For a dataset file: the part held out as ground truth, never trained
    /// on (``HeldOutSplit``; `compare` sets it). Nil: train on the whole file.
    public var heldOut: HeldOutSplit?

    public init(method: MethodKind, methodParameters: [String: Double] = [:], dataset: String = "moons",
                trainSize: Int? = nil, steps: Int = 4000, batchSize: Int = 1024, learningRate: Double? = nil,
                warmupSteps: Int = 100, gradientClip: Double = 1, emaDecay: Double? = nil,
                network: NetworkConfiguration = NetworkConfiguration(), seed: UInt64 = 0,
                fieldErrorEvery: Int? = nil, weightDecay: Double = 0, observeEvery: Int? = nil,
                observeSolverSteps: Int? = nil, observePerDecade: Int? = nil, learningRateFloor: Double? = nil) {
        // The optimiser's settings not given are the method's (``GenerativeMethod/defaultOptimizer``).
        let optimizer = makeMethod(kind: method, parameters: methodParameters).defaultOptimizer
        self.method = method
        self.methodParameters = methodParameters
        self.dataset = dataset
        self.trainSize = trainSize
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate ?? optimizer.learningRate
        self.learningRateFloor = learningRateFloor ?? optimizer.learningRateFloor
        self.warmupSteps = warmupSteps
        self.gradientClip = gradientClip
        self.emaDecay = emaDecay ?? optimizer.emaDecay
        self.network = network
        self.seed = seed
        self.fieldErrorEvery = fieldErrorEvery
        self.weightDecay = weightDecay
        self.observeEvery = observeEvery
        self.observeSolverSteps = observeSolverSteps
        self.observePerDecade = observePerDecade
    }

    private enum CodingKeys: String, CodingKey {
        case method, methodParameters, dataset, trainSize, steps, batchSize, learningRate, warmupSteps,
             gradientClip, emaDecay, network, seed, fieldErrorEvery, weightDecay, observeEvery, observeSolverSteps, observePerDecade, learningRateFloor,
             heldOut
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(MethodKind.self, forKey: .method)
        methodParameters = try c.decode([String: Double].self, forKey: .methodParameters)
        dataset = try c.decode(String.self, forKey: .dataset)
        trainSize = try c.decodeIfPresent(Int.self, forKey: .trainSize)
        steps = try c.decode(Int.self, forKey: .steps)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        warmupSteps = try c.decode(Int.self, forKey: .warmupSteps)
        gradientClip = try c.decode(Double.self, forKey: .gradientClip)
        emaDecay = try c.decode(Double.self, forKey: .emaDecay)
        network = try c.decode(NetworkConfiguration.self, forKey: .network)
        seed = try c.decode(UInt64.self, forKey: .seed)
        fieldErrorEvery = try c.decodeIfPresent(Int.self, forKey: .fieldErrorEvery)
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0
        observeEvery = try c.decodeIfPresent(Int.self, forKey: .observeEvery)
        observeSolverSteps = try c.decodeIfPresent(Int.self, forKey: .observeSolverSteps)
        observePerDecade = try c.decodeIfPresent(Int.self, forKey: .observePerDecade)
        learningRateFloor = try c.decodeIfPresent(Double.self, forKey: .learningRateFloor) ?? 0.1
        heldOut = try c.decodeIfPresent(HeldOutSplit.self, forKey: .heldOut)
        if let heldOut, !(heldOut.fraction > 0 && heldOut.fraction < 1) {
            throw DecodingError.dataCorruptedError(forKey: .heldOut, in: c, debugDescription: "held-out fraction outside (0, 1)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(methodParameters, forKey: .methodParameters)
        try c.encode(dataset, forKey: .dataset)
        try c.encodeIfPresent(trainSize, forKey: .trainSize)
        try c.encode(steps, forKey: .steps)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(warmupSteps, forKey: .warmupSteps)
        try c.encode(gradientClip, forKey: .gradientClip)
        try c.encode(emaDecay, forKey: .emaDecay)
        try c.encode(network, forKey: .network)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(fieldErrorEvery, forKey: .fieldErrorEvery)
        if weightDecay != 0 { try c.encode(weightDecay, forKey: .weightDecay) }
        try c.encodeIfPresent(observeEvery, forKey: .observeEvery)
        try c.encodeIfPresent(observeSolverSteps, forKey: .observeSolverSteps)
        try c.encodeIfPresent(observePerDecade, forKey: .observePerDecade)
        if learningRateFloor != 0.1 { try c.encode(learningRateFloor, forKey: .learningRateFloor) }
        try c.encodeIfPresent(heldOut, forKey: .heldOut)
    }

    /// The run's training set: `dataset` at `trainSize` with `seed`, without the held-out part.
    public func loadTrainingSet() throws -> TrainingSet {
        try TrainingSet.load(dataset, size: trainSize, seed: seed, heldOut: heldOut)
    }

    /// The observer's settings for this run (``observeSolverSteps`` applied).
    public var observerSettings: Observer.Settings {
        var settings = Observer.Settings()
        if let steps = observeSolverSteps { settings.solverSteps = steps }
        return settings
    }

    /// Whether the observables are measured after `step` steps (1-based):
    /// every `observeEvery`, and at the log-spaced steps of `observePerDecade`.
    public func observes(atStep step: Int) -> Bool {
        guard let every = observeEvery, step > 0 else { return false }
        if step % every == 0 { return true }
        guard let m = observePerDecade, m > 0 else { return false }
        let k = (Double(m) * Foundation.log10(Double(step))).rounded()
        return Int(Foundation.pow(10, k / Double(m)).rounded()) == step
    }

    /// These settings without what only the sampler reads (the method's
    /// ``GenerativeMethod/samplingParameters``, filled in with their
    /// defaults): two configurations with the same identity train the same
    /// network, bit for bit. Runs that measure during training
    /// (`observeEvery`, `fieldErrorEvery`) sample with the method as they
    /// go, so there the identity is the whole configuration.
    public var trainingIdentity: TrainingConfiguration {
        guard observeEvery == nil, fieldErrorEvery == nil else { return self }
        var copy = self
        let method = generativeMethod
        let defaults = makeMethod(kind: method.kind).parameters
        for key in method.samplingParameters { copy.methodParameters[key] = defaults[key] }
        return copy
    }

    /// The method these settings describe.
    public var generativeMethod: any GenerativeMethod {
        makeMethod(kind: method, parameters: methodParameters)
    }

    /// A short name for captions: the family, with the coupling or D where it
    /// tells two runs of one family apart (as `compare` titles them).
    public var methodTitle: String {
        switch method {
        case .flowMatching where (methodParameters["minibatch_ot"] ?? 0) != 0:
            return "OT flow matching"
        case .poisson:
            let d = methodParameters["extra_dims"] ?? PoissonFlow().extraDimensions
            return "PFGM++ D=" + (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d))
        default:
            return method.displayName
        }
    }

    /// Learning rate at `step` (0-based): linear warm-up, then cosine decay to `learningRateFloor`.
    public func learningRate(at step: Int) -> Double {
        let warmup = min(warmupSteps, steps / 10)
        if step < warmup { return learningRate * Double(step + 1) / Double(warmup) }
        let progress = Double(step - warmup) / Double(max(1, steps - warmup))
        let floor = learningRateFloor
        return learningRate * (floor + (1 - floor) * 0.5 * (1 + cos(Double.pi * min(1, progress))))
    }
}

import Foundation
