import FieldLabMethods
import FieldLabSampling
import Foundation

/// How each point of a sweep samples after training (the samples behind its
/// final observables and its picture).
public struct SweepSampling: Codable, Sendable, Equatable {
    public var solver: SolverKind
    public var solverSteps: Int
    /// Samples drawn and written per point.
    public var count: Int

    public init(solver: SolverKind = .heun, solverSteps: Int = 18, count: Int = 2000) {
        self.solver = solver
        self.solverSteps = solverSteps
        self.count = count
    }
}

/// One `--vary PARAM=…`.
public struct SweepAxis: Codable, Sendable, Equatable {
    public var parameter: SweepParameter
    public var values: [SweepValue]
    public var spacing: SweepSpacing

    public init(parameter: SweepParameter, values: SweepValueList) {
        self.parameter = parameter
        self.values = values.values
        self.spacing = values.spacing
    }

    /// Whether charts against this axis use a log x axis.
    public var logAxis: Bool { SweepValueList(values: values, spacing: spacing).suggestsLogAxis }
}

/// The settings of one point while a plan is expanded.
struct SweepPointSettings {
    var training: TrainingConfiguration
    var sampling: SweepSampling
    /// D for points whose method is set to Poisson flow by a `method` axis.
    var poissonExtraDimensions: Double?
}

/// A sweep as data: the base settings (every train option), the axes that
/// vary, and the number of seeds. Saved as `DIR/sweep.json`; expanding it
/// gives the same points in the same order on every machine.
public struct SweepSpecification: Codable, Sendable, Equatable {
    public var formatVersion = 1
    /// Every setting that no axis varies; its seed is the first seed.
    public var base: TrainingConfiguration
    public var sampling: SweepSampling
    /// D for Poisson-flow points when a `method` axis switches to Poisson flow.
    public var poissonExtraDimensions: Double?
    public var axes: [SweepAxis]
    /// Seeds `base.seed, base.seed + 1, …` (their own axis, innermost).
    public var seeds: Int
    /// The command line that made the sweep (for reports; not part of the
    /// sweep's identity).
    public var command: String?

    public init(base: TrainingConfiguration, sampling: SweepSampling, poissonExtraDimensions: Double? = nil,
                axes: [SweepAxis], seeds: Int) throws {
        self.base = base
        self.sampling = sampling
        self.poissonExtraDimensions = poissonExtraDimensions
        self.axes = axes
        self.seeds = seeds
        try validate()
    }

    /// Checks what a plan cannot contain: no axes, a parameter varied twice,
    /// `extra-dims` on points that are not Poisson flow, no seeds.
    public func validate() throws {
        guard !axes.isEmpty else { throw SweepError.noAxes }
        guard seeds >= 1, seeds <= 1000 else { throw SweepError.badSeeds(seeds) }
        var seen = Set<SweepParameter>()
        for axis in axes where !seen.insert(axis.parameter).inserted {
            throw SweepError.repeatedParameter(axis.parameter.rawValue)
        }
        if seen.contains(.extraDims) {
            let methods = axes.first { $0.parameter == .method }?.values.map(\.description) ?? [base.method.rawValue]
            guard methods.allSatisfy({ $0 == MethodKind.poisson.rawValue }) else {
                throw SweepError.extraDimsNeedsPoisson
            }
        }
        let methods = axes.first { $0.parameter == .method }?.values.compactMap { MethodKind(rawValue: $0.description) }
            ?? [base.method]
        for axis in axes {
            guard let constant = axis.parameter.methodConstant else { continue }
            guard methods.allSatisfy(constant.methods.contains) else {
                throw SweepError.constantNeedsMethod(axis.parameter.rawValue, constant.methods.map { $0 == .diffusion ? "EDM" : $0 == .poisson ? "PFGM++" : "flow matching" })
            }
        }
        try checkSigmaRange(methods: methods)
        let count = axes.reduce(seeds) { $0 * $1.values.count }
        guard count <= 1_000_000 else { throw SweepError.tooManyPoints(count) }
    }

    /// σ_min < σ_max at every point of a σ-based method: the largest σ_min
    /// (swept, or the base's) against the smallest σ_max.
    func checkSigmaRange(methods: [MethodKind]) throws {
        guard methods.contains(where: { $0 == .diffusion || $0 == .poisson }) else { return }
        func values(_ p: SweepParameter) -> [Double] {
            if let axis = axes.first(where: { $0.parameter == p }) { return axis.values.compactMap(\.number) }
            let defaults = base.method == .flowMatching ? EDMDiffusion().parameters : base.generativeMethod.parameters
            return [base.methodParameters[p.methodConstant!.key] ?? defaults[p.methodConstant!.key]!]
        }
        let low = values(.sigmaMin).max()!, high = values(.sigmaMax).min()!
        guard low < high else {
            throw SweepError.sigmaRange("sigma-min \(SweepValue.number(low).description) ≥ sigma-max \(SweepValue.number(high).description)")
        }
    }

    /// The points, in plan order: the first axis outermost, seeds innermost.
    public var points: [SweepPoint] {
        var result: [SweepPoint] = []
        let sizes = axes.map(\.values.count)
        let total = sizes.reduce(1, *)
        // Axes are applied method first, so that a later extra-dims is kept.
        let order = axes.indices.sorted { (axes[$0].parameter == .method ? 0 : 1) < (axes[$1].parameter == .method ? 0 : 1) }
        for combination in 0..<total {
            var rest = combination
            var choice = [Int](repeating: 0, count: axes.count)
            for a in axes.indices.reversed() { choice[a] = rest % sizes[a]; rest /= sizes[a] }
            for s in 0..<seeds {
                var settings = SweepPointSettings(training: base, sampling: sampling,
                                                  poissonExtraDimensions: poissonExtraDimensions)
                settings.training.seed = base.seed &+ UInt64(s)
                for a in order { axes[a].parameter.apply(axes[a].values[choice[a]], to: &settings) }
                let values = axes.indices.map { axes[$0].values[choice[$0]] }
                result.append(SweepPoint(index: result.count, parameters: axes.map(\.parameter), values: values,
                                         seed: settings.training.seed, training: settings.training,
                                         sampling: settings.sampling))
            }
        }
        return result
    }

    /// The differences from `other`, named for a person ("--vary train-size:
    /// 8,16 here, 8,32 in the folder"); empty when both are the same sweep.
    public func differences(from other: SweepSpecification) -> [String] {
        let mine = Self.flatten(self), theirs = Self.flatten(other)
        var result: [String] = []
        for key in Set(mine.keys).union(theirs.keys).sorted() where mine[key] != theirs[key] {
            result.append("\(key): \(mine[key] ?? "absent") here, \(theirs[key] ?? "absent") in the folder")
        }
        return result
    }

    /// `key path → value` of the JSON form, with axes named by parameter.
    static func flatten(_ specification: SweepSpecification) -> [String: String] {
        var result: [String: String] = [:]
        for axis in specification.axes {
            result["--vary \(axis.parameter.rawValue)"] = axis.values.map(\.description).joined(separator: ",")
        }
        result["--seeds"] = String(specification.seeds)
        var copy = specification
        copy.axes = []
        copy.seeds = 0
        copy.command = nil
        let object = (try? JSONSerialization.jsonObject(with: SweepJSON.encode(copy))) ?? [:]
        func walk(_ value: Any, _ path: String) {
            if let dictionary = value as? [String: Any] {
                for (k, v) in dictionary { walk(v, path.isEmpty ? k : path + "." + k) }
            } else if path != "axes" && path != "seeds" {
                result[path] = "\(value)"
            }
        }
        walk(object, "")
        return result
    }
}

/// The one JSON form of sweep files: sorted keys, so the same value gives the
/// same bytes (and the same point id) in every process and on every machine.
public enum SweepJSON {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// 64-bit FNV-1a of `bytes`, as 16 hex digits.
    public static func hash(_ bytes: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
