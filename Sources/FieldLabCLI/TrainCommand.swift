import ArgumentParser
import Foundation
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one generator on a dataset and write its run folder.",
        discussion: """
        Writes DIR/model.safetensors, DIR/config.json, DIR/log.csv (step, loss, seconds), \
        DIR/training-set.csv (the exact training points) and DIR/samples.csv (both in the data's own \
        coordinates) and DIR/samples.ppm. A run whose loss, gradient or parameters blow up stops with \
        "training diverged at step N: …" and writes nothing.
        """
    )

    @Flag(help: "The generator family (exactly one).")
    var method: MethodFlag

    @Option(name: .customLong("extra-dims"), help: "PFGM++ extra dimensions D (with --poisson; D = 1 is PFGM).")
    var extraDimensions: Double?

    @Option(help: "Built-in dataset name (see `fieldlab data --list`) or a CSV file with header x,y.")
    var dataset: String

    @Option(name: .customLong("train-size"), help: "Size of the fixed training set (default 20000; a file: all its points).")
    var trainSize: Int?

    @Option(help: "Training steps.")
    var steps: Int = 4000

    @Option(name: .customLong("batch-size"), help: "Minibatch size.")
    var batchSize: Int = 1024

    @Option(help: "Peak learning rate (Adam; warm-up, then cosine decay).")
    var lr: Double = 5e-3

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

    @Option(help: "Number of samples to draw after training.")
    var samples: Int = 10_000

    @OptionGroup var sampling: SamplingOptionGroup

    @Option(name: .customLong("field-error-every"), help: "Log the field error against the exact field every K steps (log.csv).")
    var fieldErrorEvery: Int?

    @Option(help: "Output folder for the run.")
    var out: String

    func validate() throws {
        for (name, value) in [("--steps", steps), ("--batch-size", batchSize), ("--width", width),
                              ("--depth", depth), ("--samples", samples)] where value <= 0 {
            throw ValidationError("\(name) must be positive, got \(value)")
        }
        if let k = fieldErrorEvery, k <= 0 { throw ValidationError("--field-error-every must be positive, got \(k)") }
        if let trainSize, trainSize <= 0 { throw ValidationError("--train-size must be positive, got \(trainSize)") }
        guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number, got \(lr)") }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw ValidationError("--weight-decay must be a finite number ≥ 0, got \(weightDecay)")
        }
        try MethodFlag.validate(extraDimensions: extraDimensions, for: method)
        guard width <= 4096, depth <= 32 else { throw ValidationError("network too large: --width ≤ 4096 and --depth ≤ 32") }
    }

    var trainingConfiguration: TrainingConfiguration {
        let embedding: ScaleEmbedding = self.embedding == .sinusoidal ? .sinusoidal() : .fourier(seed: seed)
        return TrainingConfiguration(
            method: method.kind, methodParameters: method.generativeMethod(extraDimensions: extraDimensions).parameters,
            dataset: dataset, trainSize: trainSize, steps: steps, batchSize: batchSize, learningRate: lr,
            network: NetworkConfiguration(width: width, depth: depth, embedding: embedding), seed: seed,
            fieldErrorEvery: fieldErrorEvery, weightDecay: weightDecay)
    }

    func run() throws {
        let configuration = trainingConfiguration
        var progress = ProgressBar(label: "train \(method.kind.rawValue)", total: steps)
        let output = try TrainingRun.execute(
            configuration,
            sampling: SamplingOptions(count: samples, solver: sampling.solver, steps: sampling.solverSteps,
                                      seed: seed &+ 1),
            folder: out
        ) { event in
            progress.update(event.step, detail: String(format: "loss %.4f", event.loss))
        }
        let t = output.training
        say(String(format: "%@ on %@: %d steps in %.1f s (%.0f steps/s), final loss %.4f; %d samples in %.2f s → %@/samples.csv",
                   method.kind.displayName, dataset, steps, t.seconds, Double(steps) / t.seconds,
                   t.log.last?.loss ?? .nan, samples, output.samplingSeconds, out))
    }
}
