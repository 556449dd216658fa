import FieldLabMethods

/// `--set PARAM=VALUE`: one value for a setting that has no flag of its own
/// (a method's constant, the EMA, the schedule's floor), under its sweep
/// name, so that every configuration a sweep or the tuning makes can be
/// written as a command.
extension SweepParameter {
    /// The parameters `--set` takes.
    public static let settable: [SweepParameter] = [.emaDecay, .lrFloor, .sigmaMax, .sigmaMin, .rho, .pMean, .pStd,
                                                    .sigmaData, .logitNormalScale, .timeShift, .lossWeighting]

    /// Parses `PARAM=VALUE` into a settable parameter and a value in its range.
    public static func parseSetting(_ text: String) throws -> (SweepParameter, SweepValue) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let parameter = SweepParameter(rawValue: parts[0]), settable.contains(parameter) else {
            throw SweepError.malformedSet(text)
        }
        do {
            let list = try SweepValueList.parse(parts[1], for: parameter)
            guard list.values.count == 1 else { throw SweepError.malformedSet(text) }
            try parameter.check(list.values[0])
            return (parameter, list.values[0])
        } catch let SweepError.valueOutOfRange(name, value, rule) {
            throw SweepError.setOutOfRange(name, value, rule)
        } catch is SweepError {
            throw SweepError.malformedSet(text)
        }
    }

    /// Sets this parameter to `value` in `configuration`; a method constant
    /// must belong to the configuration's method.
    public func set(_ value: SweepValue, on configuration: inout TrainingConfiguration) throws {
        var sampling = SweepSampling()
        try set(value, on: &configuration, sampling: &sampling)
    }

    /// Sets this parameter to `value` in a training configuration and its
    /// sampling (the solver and its steps go to `sampling`).
    public func set(_ value: SweepValue, on configuration: inout TrainingConfiguration,
                    sampling: inout SweepSampling) throws {
        if let constant = methodConstant, !constant.methods.contains(configuration.method) {
            throw SweepError.setNeedsMethod(rawValue, method: configuration.method.rawValue)
        }
        var settings = SweepPointSettings(training: configuration, sampling: sampling, poissonExtraDimensions: nil)
        apply(value, to: &settings)
        configuration = settings.training
        sampling = settings.sampling
    }

    /// The `--set` words that turn `defaults` into `configuration` (the
    /// settable parameters only, skipping those in `except`).
    public static func setWords(for configuration: TrainingConfiguration, from defaults: TrainingConfiguration,
                                except: Set<SweepParameter> = []) -> [String] {
        let methodDefaults = makeMethod(kind: configuration.method).parameters
        var words: [String] = []
        for p in settable where !except.contains(p) {
            let value: String?
            switch p {
            case .emaDecay: value = configuration.emaDecay != defaults.emaDecay ? SweepValue.format(configuration.emaDecay) : nil
            case .lrFloor:
                value = configuration.learningRateFloor != defaults.learningRateFloor ? SweepValue.format(configuration.learningRateFloor) : nil
            case .lossWeighting:
                let w = configuration.methodParameters["loss_weighting"].flatMap { EDMDiffusion.LossWeighting(rawValue: Int($0)) }
                value = w.map(\.name)
            default:
                guard let constant = p.methodConstant, constant.methods.contains(configuration.method),
                      let v = configuration.methodParameters[constant.key], v != methodDefaults[constant.key] else { value = nil; break }
                value = SweepValue.format(v)
            }
            if let value { words += ["--set", "\(p.rawValue)=\(value)"] }
        }
        return words
    }
}
