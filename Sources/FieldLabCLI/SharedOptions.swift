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

enum EmbeddingKind: String, CaseIterable, ExpressibleByArgument {
    case sinusoidal, fourier
}

/// Sampling options shared by `train` and `sample`.
struct SamplingOptionGroup: ParsableArguments {
    @Option(help: "ODE solver: \(SolverKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var solver: SolverKind = .heun

    @Option(name: .customLong("solver-steps"), help: "Solver steps from prior to data.")
    var solverSteps: Int = 18

    func validate() throws {
        guard solverSteps > 0 else { throw ValidationError("--solver-steps must be positive, got \(solverSteps)") }
        guard solverSteps <= 100_000 else { throw ValidationError("--solver-steps \(solverSteps) is too many (at most 100000)") }
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
