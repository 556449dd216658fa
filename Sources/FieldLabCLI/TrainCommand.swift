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
        DIR/training-set.csv (the exact training points), DIR/samples.csv (both in the data's own \
        coordinates) and DIR/samples.ppm. A run whose loss, gradient or parameters blow up stops with \
        "training diverged at step N: …" and writes nothing.

        --observe-every K writes DIR/observables.csv, one row every K steps: step, then \
        train_loss_fixed, heldout_loss, generalization_gap, train_loss_fixed_low|mid|high, \
        heldout_loss_low|mid|high (the method's loss of the averaged network on fixed draws; bands \
        σ < 0.1, 0.1–1, > 1, flow matching at σ = (1−t)/t), field_error_train, field_error_population \
        and their _low|mid|high (relative squared error of the velocity against the exact field of the \
        training set and of 10⁶ fresh points, at fixed queries), memorization_ratio, \
        memorization_baseline, log_nn_ratio, log_nn_ratio_baseline, sliced_w2, sliced_w2_floor, \
        energy_distance, energy_distance_floor (512 fixed-seed samples, Heun with 6 steps), weight_norm, train_loss, \
        gradient_norm, learning_rate, seconds, observe_seconds. Columns that need fresh truth are \
        empty for a dataset given as a file.
        """
    )

    @Flag(help: "The generator family (exactly one).")
    var method: MethodFlag

    @Option(name: .customLong("extra-dims"), help: "PFGM++ extra dimensions D (with --poisson; D = 1 is PFGM).")
    var extraDimensions: Double?

    @Option(help: "Built-in dataset name (see `fieldlab data --list`) or a CSV file with header x,y.")
    var dataset: String

    @OptionGroup var training: TrainingOptionGroup

    @Option(help: "Number of samples to draw after training.")
    var samples: Int = 10_000

    @OptionGroup var sampling: SamplingOptionGroup

    @Option(name: .customLong("field-error-every"), help: "Log the field error against the exact field every K steps (log.csv).")
    var fieldErrorEvery: Int?

    @Option(help: "Output folder for the run.")
    var out: String

    func validate() throws {
        try training.check()
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples)") }
        if let k = fieldErrorEvery, k <= 0 { throw ValidationError("--field-error-every must be positive, got \(k)") }
        try MethodFlag.validate(extraDimensions: extraDimensions, for: method)
    }

    func trainingConfiguration() throws -> TrainingConfiguration {
        var configuration = try training.configuration(
            method: method.kind, methodParameters: method.generativeMethod(extraDimensions: extraDimensions).parameters,
            dataset: dataset, budget: TrainingOptionGroup.trainBudget)
        configuration.fieldErrorEvery = fieldErrorEvery
        return configuration
    }

    func run() throws {
        let configuration = try trainingConfiguration()
        let sampler = sampling.sampler(for: configuration.generativeMethod)
        let steps = configuration.steps
        var progress = ProgressBar(label: "train \(method.kind.rawValue)", total: steps)
        let output = try TrainingRun.execute(
            configuration,
            sampling: SamplingOptions(count: samples, solver: sampler.solver, steps: sampler.steps,
                                      seed: training.seed &+ 1),
            folder: out
        ) { event in
            progress.update(event.step, detail: String(format: "loss %.4f", event.loss))
        }
        let t = output.training
        let trainingSeconds = t.seconds - t.observeSeconds
        say(String(format: "%@ on %@: %d steps in %.1f s (%.0f steps/s), final loss %.4f; %d samples in %.2f s → %@/samples.csv",
                   method.kind.displayName, dataset, steps, trainingSeconds, Double(steps) / trainingSeconds,
                   t.log.last?.loss ?? .nan, samples, output.samplingSeconds, out))
        if let observer = output.observer {
            let total = observer.observeSeconds
            say(String(format: "observables: %d measurements in %.2f s (%.2f s of it preparing), %.0f %% of training time → %@/observables.csv",
                       observer.measurements, total, observer.preparationSeconds, 100 * total / trainingSeconds, out))
            say("  preparing + measuring: " + observer.costs.map {
                String(format: "%@ %.2f + %.2f s", $0.name, $0.preparation, $0.measuring)
            }.joined(separator: ", "))
        }
    }
}
