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

        Long runs: --checkpoint-every K saves the run's whole state (parameters, Adam's moments, the \
        moving average, the random stream's position, the log) to DIR/training-state.safetensors every \
        K steps, atomically. If the run is interrupted or killed, `fieldlab train --resume DIR` \
        continues it with its own settings, and its files are byte for byte those of the run that \
        never stopped (log.csv's seconds aside). The state file is removed when the run finishes.

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
    var method: MethodFlag?

    @Option(name: .customLong("extra-dims"), help: "PFGM++ extra dimensions D (with --poisson; D = 1 is PFGM).")
    var extraDimensions: Double?

    @Option(help: "Built-in dataset name (see `fieldlab data --list`), a CSV/NPY file of points, or a picture .png/.pgm (grey level = density).")
    var dataset: String?

    @Option(help: "With --flow-matching: independent (default) or ot (minibatch optimal transport, saved in the checkpoint as minibatch_ot).")
    var coupling: CouplingKind?

    @OptionGroup var training: TrainingOptionGroup

    @Option(help: "Number of samples to draw after training.")
    var samples: Int = 10_000

    @OptionGroup var sampling: SamplingOptionGroup

    @Option(name: .customLong("field-error-every"), help: "Log the field error against the exact field every K steps (log.csv).")
    var fieldErrorEvery: Int?

    @Option(help: "Output folder for the run.")
    var out: String?

    @Option(name: .customLong("checkpoint-every"),
            help: "Save the run's whole state every K steps (DIR/training-state.safetensors), so that --resume can continue it.")
    var checkpointEvery: Int?

    @Option(help: ArgumentHelp("Continue the interrupted run in DIR (saved with --checkpoint-every), with its own settings.",
                               valueName: "dir"))
    var resume: String?

    @OptionGroup var output: OutputOptions

    /// What `--json` prints.
    struct Summary: Encodable {
        var method: String
        var dataset: String
        var folder: String
        var steps: Int
        var trainingSeconds: Double
        var finalLoss: Double?
        var samples: Int
        var samplingSeconds: Double
        var resumed: Bool
    }

    func validate() throws {
        if resume != nil {
            guard method == nil, dataset == nil, out == nil, checkpointEvery == nil, extraDimensions == nil, coupling == nil,
                  fieldErrorEvery == nil, samples == 10_000, sampling.solver == nil, sampling.solverSteps == nil,
                  try sameConfiguration(training, try TrainingOptionGroup.parse([])) else {
                throw ValidationError("--resume DIR continues the run with the settings saved in DIR: give no other option")
            }
            return
        }
        guard method != nil else { throw ValidationError("give the method: --diffusion, --flow-matching or --poisson") }
        guard dataset != nil else { throw ValidationError("missing --dataset NAME|FILE") }
        guard out != nil else { throw ValidationError("missing --out DIR") }
        if coupling != nil, method != .flowMatching {
            throw ValidationError("--coupling goes with --flow-matching (it pairs noise with data on the linear path)")
        }
        if coupling != nil, training.settings.contains(where: { $0.hasPrefix("minibatch_ot=") }) {
            throw ValidationError("give the coupling once: --coupling or --set minibatch_ot, not both")
        }
        if let k = checkpointEvery {
            guard k > 0 else { throw ValidationError("--checkpoint-every must be positive, got \(k)") }
            guard training.observeEvery == nil else {
                throw ValidationError("--checkpoint-every does not go with --observe-every (the observer's state is not saved)")
            }
        }
        try training.check()
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples)") }
        if let k = fieldErrorEvery, k <= 0 { throw ValidationError("--field-error-every must be positive, got \(k)") }
        try MethodFlag.validate(extraDimensions: extraDimensions, for: method)
    }

    /// Whether two option groups give the same run (how `--resume` sees that none was given).
    private func sameConfiguration(_ a: TrainingOptionGroup, _ b: TrainingOptionGroup) throws -> Bool {
        let budget = TrainingOptionGroup.trainBudget
        return try a.configuration(method: .diffusion, methodParameters: [:], dataset: "", budget: budget)
            == b.configuration(method: .diffusion, methodParameters: [:], dataset: "", budget: budget)
    }

    func trainingConfiguration(method: MethodFlag, dataset: String) throws -> TrainingConfiguration {
        var configuration = try training.configuration(
            method: method.kind, methodParameters: method.generativeMethod(extraDimensions: extraDimensions).parameters,
            dataset: dataset, budget: TrainingOptionGroup.trainBudget)
        configuration.fieldErrorEvery = fieldErrorEvery
        if let coupling { configuration.methodParameters["minibatch_ot"] = coupling == .ot ? 1 : 0 }
        return configuration
    }

    func run() throws {
        try output.run(runTraining)
    }

    func runTraining() throws {
        var progress: ProgressBar?
        let report = { (event: TrainingEvent) in
            if progress == nil { progress = ProgressBar(label: "train", total: event.totalSteps) }
            progress!.update(event.step, detail: String(format: "loss %.4f", event.loss))
        }
        let result: TrainingRun.Output
        let folder: String
        if let resume {
            folder = resume
            result = try TrainingRun.resume(folder: resume, report: report)
        } else if let method, let dataset, let out {
            folder = out
            let configuration = try trainingConfiguration(method: method, dataset: dataset)
            let sampler = sampling.sampler(for: configuration.generativeMethod)
            result = try TrainingRun.execute(
                configuration,
                sampling: SamplingOptions(count: samples, solver: sampler.solver, steps: sampler.steps,
                                          seed: training.seed &+ 1),
                folder: out, checkpointEvery: checkpointEvery, report: report)
        } else {
            preconditionFailure("validate() requires a method, --dataset and --out without --resume")
        }
        let t = result.training
        let configuration = result.model.configuration
        let steps = configuration.steps
        let trainingSeconds = t.seconds - t.observeSeconds
        say(String(format: "%@ on %@: %d steps in %.1f s (%.0f steps/s), final loss %.4f; %d samples in %.2f s → %@/samples.csv",
                   configuration.method.displayName, configuration.dataset, steps, trainingSeconds,
                   Double(steps) / trainingSeconds, t.log.last?.loss ?? .nan, result.samples.count,
                   result.samplingSeconds, folder))
        try sayResult(Summary(method: configuration.method.rawValue, dataset: configuration.dataset, folder: folder,
                              steps: steps, trainingSeconds: trainingSeconds, finalLoss: t.log.last?.loss,
                              samples: result.samples.count, samplingSeconds: result.samplingSeconds, resumed: resume != nil))
        if let observer = result.observer {
            let total = observer.observeSeconds
            say(String(format: "observables: %d measurements in %.2f s (%.2f s of it preparing), %.0f %% of training time → %@/observables.csv",
                       observer.measurements, total, observer.preparationSeconds, 100 * total / trainingSeconds, folder))
            say("  preparing + measuring: " + observer.costs.map {
                String(format: "%@ %.2f + %.2f s", $0.name, $0.preparation, $0.measuring)
            }.joined(separator: ", "))
        }
    }
}
