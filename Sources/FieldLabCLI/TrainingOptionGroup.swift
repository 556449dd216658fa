import ArgumentParser
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

/// The training options shared by `train` and `sweep` (everything but the
/// method, the dataset, the samples and the output folder).
struct TrainingOptionGroup: ParsableArguments {
    @Option(name: .customLong("train-size"), help: "Size of the fixed training set (default 20000; a file: all its points).")
    var trainSize: Int?

    @Option(name: .customLong("steps"), help: "Training steps (default: train 4000, sweep 2000, the budget of compare).")
    var stepsOption: Int?

    @Option(name: .customLong("batch-size"), help: "Minibatch size (default: train 1024, sweep 512).")
    var batchSizeOption: Int?

    /// The budget when --steps and --batch-size are not given: `train` trains
    /// one model well; a sweep trains many at compare's budget.
    struct Budget { var steps: Int; var batchSize: Int }
    static let trainBudget = Budget(steps: 4000, batchSize: 1024)
    static let sweepBudget = Budget(steps: 2000, batchSize: 512)

    @Option(help: "Peak learning rate (Adam; warm-up, then cosine decay; default: the method's own, 0.005 for all three, with an EMA of 0.999 for EDM and PFGM++ and 0.99 for flow matching).")
    var lr: Double?

    @Option(name: .customLong("weight-decay"),
            help: "Decoupled weight decay λ (AdamW: θ ← θ − lr·λ·θ on every parameter, biases included; 0: Adam).")
    var weightDecay: Double = 0

    @Option(help: "Width of the hidden layers.")
    var width: Int = 128

    @Option(help: "Number of hidden layers.")
    var depth: Int = 3

    @Option(help: "Embedding of the scale input: sinusoidal or fourier.")
    var embedding: EmbeddingKind = .sinusoidal

    @Option(help: "Random seed (data, initialisation, minibatches, sampling).")
    var seed: UInt64 = 0

    @Option(name: .customLong("observe-every"), help: "Measure the observables every K steps into DIR/observables.csv (columns: see `train --help`).")
    var observeEvery: Int?

    @Option(name: .customLong("observe-solver-steps"), help: "Heun steps of the observables' samples in each row (default 6).")
    var observeSolverSteps: Int?

    @Option(name: .customLong("observe-per-decade"), help: "With --observe-every, also measure at M log-spaced steps per decade.")
    var observePerDecade: Int?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("PARAM=VALUE for a setting without a flag of its own (repeatable): "
                               + SweepParameter.settable.map(\.rawValue).joined(separator: ", ") + ".",
                               valueName: "param=value"))
    var settings: [String] = []

    /// The checks of `validate()`, callable from the commands that embed the group.
    func check() throws {
        for (name, value) in [("--steps", stepsOption), ("--batch-size", batchSizeOption), ("--width", width),
                              ("--depth", depth)] {
            if let value, value <= 0 { throw ValidationError("\(name) must be positive, got \(value)") }
        }
        if let k = observeEvery, k <= 0 { throw ValidationError("--observe-every must be positive, got \(k)") }
        if let k = observeSolverSteps, k <= 0 { throw ValidationError("--observe-solver-steps must be positive, got \(k)") }
        if let k = observePerDecade, k <= 0 { throw ValidationError("--observe-per-decade must be positive, got \(k)") }
        if let trainSize, trainSize <= 0 { throw ValidationError("--train-size must be positive, got \(trainSize)") }
        if let lr { guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number, got \(lr)") } }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw ValidationError("--weight-decay must be a finite number ≥ 0, got \(weightDecay)")
        }
        guard width <= 4096, depth <= 32 else { throw ValidationError("network too large: --width ≤ 4096 and --depth ≤ 32") }
        for text in settings { _ = try SweepParameter.parseSetting(text) }
    }

    func configuration(method: MethodKind, methodParameters: [String: Double], dataset: String,
                       budget: Budget) throws -> TrainingConfiguration {
        let embedding: ScaleEmbedding = self.embedding == .sinusoidal ? .sinusoidal() : .fourier(seed: seed)
        // Every constant written out (the defaults for those not given), so
        // that a run's folder keeps its meaning when the defaults move.
        var configuration = TrainingConfiguration(
            method: method, methodParameters: makeMethod(kind: method, parameters: methodParameters).parameters,
            dataset: dataset, trainSize: trainSize,
            steps: stepsOption ?? budget.steps, batchSize: batchSizeOption ?? budget.batchSize, learningRate: lr,
            network: NetworkConfiguration(width: width, depth: depth, embedding: embedding), seed: seed,
            weightDecay: weightDecay, observeEvery: observeEvery, observeSolverSteps: observeSolverSteps,
            observePerDecade: observePerDecade)
        var seen: Set<SweepParameter> = []
        for text in settings {
            let (parameter, value) = try SweepParameter.parseSetting(text)
            guard seen.insert(parameter).inserted else { throw ValidationError("--set \(parameter.rawValue) is given twice") }
            try parameter.set(value, on: &configuration)
        }
        return configuration
    }
}
