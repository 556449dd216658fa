import FieldLabData
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling
import Foundation

/// A control parameter a sweep can vary, under its command-line name.
public enum SweepParameter: String, CaseIterable, Codable, Sendable {
    case trainSize = "train-size"
    case steps
    case width
    case depth
    case extraDims = "extra-dims"
    case lr
    case batchSize = "batch-size"
    case weightDecay = "weight-decay"
    case solverSteps = "solver-steps"
    case solver
    case emaDecay = "ema-decay"
    case lrFloor = "lr-floor"
    case dataset
    case method
    // The methods' own constants (EDM and PFGM++; flow matching's time law).
    case sigmaMax = "sigma-max"
    case sigmaMin = "sigma-min"
    case rho
    case pMean = "p-mean"
    case pStd = "p-std"
    case sigmaData = "sigma-data"
    case logitNormalScale = "logit-normal-scale"
    case timeShift = "time-shift"
    case lossWeighting = "loss-weighting"

    /// The column name in tidy tables (`train_size`, …).
    public var column: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    public var isNumeric: Bool { ![.dataset, .method, .solver, .lossWeighting].contains(self) }

    public var isInteger: Bool {
        switch self {
        case .trainSize, .steps, .width, .depth, .batchSize, .solverSteps: true
        default: false
        }
    }

    /// For a method constant: its key in `TrainingConfiguration.methodParameters`
    /// and the methods that have it.
    public var methodConstant: (key: String, methods: [MethodKind])? {
        switch self {
        case .sigmaMax: ("sigma_max", [.diffusion, .poisson])
        case .sigmaMin: ("sigma_min", [.diffusion, .poisson])
        case .rho: ("rho", [.diffusion, .poisson])
        case .pMean: ("p_mean", [.diffusion, .poisson])
        case .pStd: ("p_std", [.diffusion, .poisson])
        case .sigmaData: ("sigma_data", [.diffusion, .poisson])
        case .logitNormalScale: ("logit_normal_scale", [.flowMatching])
        case .timeShift: ("time_shift", [.flowMatching])
        case .lossWeighting: ("loss_weighting", [.diffusion, .poisson])
        default: nil
        }
    }

    /// The methods `method=…` accepts.
    public static let methodNames = MethodKind.allCases.map(\.rawValue)

    /// Throws `valueOutOfRange` unless `value` is allowed for this parameter.
    public func check(_ value: SweepValue) throws {
        func fail(_ rule: String) -> SweepError { .valueOutOfRange(rawValue, value.description, rule) }
        switch self {
        case .dataset:
            guard case let .text(name) = value else { throw fail("a dataset name or file") }
            if ToyDataset(rawValue: name) == nil && !FileManager.default.fileExists(atPath: name) {
                throw fail("not a built-in dataset (\(ToyDataset.allCases.map(\.rawValue).joined(separator: ", "))) nor an existing file")
            }
        case .method:
            guard case let .text(name) = value, MethodKind(rawValue: name) != nil else {
                throw fail("one of \(Self.methodNames.joined(separator: ", "))")
            }
        case .solver:
            guard case let .text(name) = value, SolverKind(rawValue: name) != nil else {
                throw fail("one of \(SolverKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        case .lossWeighting:
            guard case let .text(name) = value, EDMDiffusion.LossWeighting(name: name) != nil else {
                throw fail("one of \(EDMDiffusion.LossWeighting.allCases.map(\.name).joined(separator: ", "))")
            }
        default:
            guard let v = value.number, v.isFinite else { throw fail("a finite number") }
            if isInteger && v != v.rounded() { throw fail("a whole number") }
            switch self {
            case .trainSize: if !(2...10_000_000).contains(v) { throw fail("from 2 to 10000000") }
            case .steps: if !(1...10_000_000).contains(v) { throw fail("from 1 to 10000000") }
            case .width: if !(1...4096).contains(v) { throw fail("from 1 to 4096") }
            case .depth: if !(1...32).contains(v) { throw fail("from 1 to 32") }
            case .batchSize: if !(1...1_000_000).contains(v) { throw fail("from 1 to 1000000") }
            case .solverSteps: if !(1...100_000).contains(v) { throw fail("from 1 to 100000") }
            case .extraDims, .lr, .sigmaMax, .sigmaMin, .rho, .pStd, .sigmaData, .timeShift: if !(v > 0) { throw fail("positive") }
            case .weightDecay, .logitNormalScale: if !(v >= 0) { throw fail("zero or positive") }
            case .emaDecay: if !(v >= 0 && v < 1) { throw fail("from 0 to below 1") }
            case .lrFloor: if !(v >= 0 && v <= 1) { throw fail("from 0 to 1") }
            case .pMean, .dataset, .method, .solver, .lossWeighting: break
            }
        }
    }

    /// Sets this parameter to `value` in a point's settings.
    func apply(_ value: SweepValue, to point: inout SweepPointSettings) {
        switch self {
        case .trainSize: point.training.trainSize = Int(value.number!)
        case .steps: point.training.steps = Int(value.number!)
        case .width: point.training.network.width = Int(value.number!)
        case .depth: point.training.network.depth = Int(value.number!)
        case .extraDims: point.training.methodParameters["extra_dims"] = value.number!
        case .lr: point.training.learningRate = value.number!
        case .batchSize: point.training.batchSize = Int(value.number!)
        case .weightDecay: point.training.weightDecay = value.number!
        case .solverSteps: point.sampling.solverSteps = Int(value.number!)
        case .solver: if case let .text(name) = value, let kind = SolverKind(rawValue: name) { point.sampling.solver = kind }
        case .emaDecay: point.training.emaDecay = value.number!
        case .lrFloor: point.training.learningRateFloor = value.number!
        case .lossWeighting:
            if case let .text(name) = value, let w = EDMDiffusion.LossWeighting(name: name) {
                // EDM's own weighting is the absent key (as in the method's parameters).
                point.training.methodParameters["loss_weighting"] = w == .edm ? nil : Double(w.rawValue)
            }
        case .sigmaMax, .sigmaMin, .rho, .pMean, .pStd, .sigmaData, .logitNormalScale:
            point.training.methodParameters[methodConstant!.key] = value.number!
        case .timeShift:
            // The uniform grid is the absent key (as in the method's parameters).
            point.training.methodParameters["time_shift"] = value.number! == 1 ? nil : value.number!
        case .dataset: if case let .text(name) = value { point.training.dataset = name }
        case .method:
            if case let .text(name) = value, let kind = MethodKind(rawValue: name), kind != point.training.method {
                point.training.method = kind
                // The method's own constants: those the base gives (PFGM++
                // shares EDM's σ constants), the defaults for the rest; D
                // carries over to Poisson flow only.
                point.training.methodParameters = makeMethod(kind: kind, parameters: point.training.methodParameters).parameters
                if kind == .poisson, let d = point.poissonExtraDimensions {
                    point.training.methodParameters["extra_dims"] = d
                }
            }
        }
    }
}
