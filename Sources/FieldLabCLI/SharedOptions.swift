import ArgumentParser
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// The generator family, as mutually exclusive flags (--diffusion | --flow-matching | --poisson).
enum MethodFlag: String, EnumerableFlag {
    case diffusion
    case flowMatching
    case poisson

    var kind: MethodKind {
        switch self {
        case .diffusion: .diffusion
        case .flowMatching: .flowMatching
        case .poisson: .poisson
        }
    }

    static func help(for value: MethodFlag) -> ArgumentHelp? {
        switch value {
        case .diffusion: "EDM diffusion (Karras et al. 2022)."
        case .flowMatching: "Flow matching on the linear path (Lipman et al. 2023)."
        case .poisson: "Poisson flow, PFGM++ with --extra-dims D (D = 1 is PFGM)."
        }
    }
}

extension SolverKind: ExpressibleByArgument {}

/// How flow matching pairs noise with data in a minibatch.
enum CouplingKind: String, CaseIterable, ExpressibleByArgument {
    /// Each point with its own independent noise draw.
    case independent
    /// Minibatch optimal transport (exact assignment in blocks; OT-CFM).
    case ot
}

enum EmbeddingKind: String, CaseIterable, ExpressibleByArgument {
    case sinusoidal, fourier
}

/// Sampling options shared by `train` and `sweep`: a solver and steps, each
/// the method's own default (``GenerativeMethod/defaultSampler``) when not given.
struct SamplingOptionGroup: ParsableArguments {
    @Option(help: "ODE solver: \(SolverKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the method's own, see `fieldlab train --help`).")
    var solver: SolverKind?

    @Option(name: .customLong("solver-steps"), help: "Solver steps from prior to data (default: the method's own).")
    var solverSteps: Int?

    func validate() throws {
        try Self.validate(steps: solverSteps, flag: "--solver-steps")
    }

    static func validate(steps: Int?, flag: String) throws {
        guard let steps else { return }
        guard steps > 0 else { throw ValidationError("\(flag) must be positive, got \(steps)") }
        guard steps <= 100_000 else { throw ValidationError("\(flag) \(steps) is too many (at most 100000)") }
    }

    /// The solver and steps `method` samples with: those given, its defaults for the rest.
    func sampler(for method: any GenerativeMethod) -> DefaultSampler {
        method.defaultSampler.overridden(solver: solver, steps: solverSteps)
    }
}

extension MethodFlag {
    /// Checks `--extra-dims` against the chosen method (it applies to Poisson flow only).
    static func validate(extraDimensions: Double?, for method: MethodFlag?) throws {
        guard let d = extraDimensions else { return }
        guard method == .poisson else { throw ValidationError("--extra-dims applies only with --poisson") }
        guard d.isFinite, d > 0 else { throw ValidationError("--extra-dims must be a positive number, got \(d)") }
    }

    /// The method with `--extra-dims` applied (defaults otherwise).
    func generativeMethod(extraDimensions: Double?) -> any GenerativeMethod {
        makeMethod(kind: kind, parameters: extraDimensions.map { ["extra_dims": $0] } ?? [:])
    }
}
