import ArgumentParser
import Foundation
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

/// The arguments that define a sweep (its plan and folder), shared by
/// `sweep run` and `sweep slurm`.
struct SweepArguments: ParsableArguments {
    @Flag(help: "The generator family (one, unless --vary method=… gives several).")
    var method: MethodFlag?

    @Option(name: .customLong("extra-dims"), help: "PFGM++ extra dimensions D (Poisson-flow points).")
    var extraDimensions: Double?

    @Option(help: "Built-in dataset name, a CSV/NPY file, or a picture .png/.pgm (unless --vary dataset=…).")
    var dataset: String = "moons"

    @Option(name: .customLong("vary"), help: "PARAM=VALUES, one per swept parameter (repeatable).")
    var vary: [String] = []

    @Option(help: "Seeds per point (seeds --seed, --seed+1, …).")
    var seeds: Int = 1


    @OptionGroup var training: TrainingOptionGroup

    @Option(help: "Samples drawn per point (its final observables and picture).")
    var samples: Int = 2000

    @OptionGroup var sampling: SamplingOptionGroup

    @Option(help: "The sweep folder.")
    var out: String

    func validate() throws {
        try training.check()
        guard samples > 0, samples <= 1_000_000 else { throw ValidationError("--samples must be from 1 to 1000000, got \(samples)") }
        if let extraDimensions, !(extraDimensions.isFinite && extraDimensions > 0) {
            throw ValidationError("--extra-dims must be a positive number, got \(extraDimensions)")
        }
    }

    /// The sweep these arguments describe (parsed and checked; nothing written).
    func specification() throws -> SweepSpecification {
        var axes: [SweepAxis] = []
        for text in vary {
            guard let equals = text.firstIndex(of: "=") else { throw SweepError.malformedVary(text) }
            let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            guard let parameter = SweepParameter(rawValue: name) else { throw SweepError.unknownParameter(name) }
            if axes.contains(where: { $0.parameter == parameter }) { throw SweepError.repeatedParameter(name) }
            axes.append(SweepAxis(parameter: parameter,
                                  values: try SweepValueList.parse(String(text[text.index(after: equals)...]), for: parameter)))
        }
        let methodAxis = axes.first { $0.parameter == .method }
        guard method != nil || methodAxis != nil else {
            throw ValidationError("choose a method: --diffusion, --flow-matching or --poisson (or --vary method=…)")
        }
        if method != nil, methodAxis != nil {
            throw ValidationError("give the method either as a flag or as --vary method=…, not both")
        }
        let kind = method?.kind ?? MethodKind(rawValue: methodAxis!.values[0].description)!
        let poissonInPlan = kind == .poisson || (methodAxis?.values.contains(.text(MethodKind.poisson.rawValue)) ?? false)
        if extraDimensions != nil && !poissonInPlan { throw ValidationError("--extra-dims applies only with --poisson") }
        if !axes.contains(where: { $0.parameter == .dataset }) {
            try SweepParameter.dataset.check(.text(dataset))
        }
        var parameters = makeMethod(kind: kind).parameters
        if kind == .poisson, let extraDimensions { parameters["extra_dims"] = extraDimensions }
        let base = try training.configuration(method: kind, methodParameters: parameters, dataset: dataset,
                                          budget: TrainingOptionGroup.sweepBudget)
        // The base method's sampler unless given (every point samples alike, whatever its method).
        let sampler = sampling.sampler(for: base.generativeMethod)
        var specification = try SweepSpecification(
            base: base, sampling: SweepSampling(solver: sampler.solver, solverSteps: sampler.steps, count: samples),
            poissonExtraDimensions: extraDimensions, axes: axes, seeds: seeds)
        specification.command = FieldLabCommand.invocation
        return specification
    }

}
