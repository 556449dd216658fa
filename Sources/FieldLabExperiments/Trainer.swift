import Foundation
import FieldLabCore
import FieldLabData
import FieldLabFields
import FieldLabMethods
import FieldLabNeural

/// What the trainer reports as it goes (the library never prints; the CLI does).
public struct TrainingEvent: Sendable {
    public var step: Int
    public var totalSteps: Int
    /// Mean loss over the steps since the previous event.
    public var loss: Double
    public var learningRate: Double
    /// Mean gradient norm (before clipping) over the same steps.
    public var gradientNorm: Double
    public var seconds: Double
    /// Field error of the averaged network (overall mean ‖v_θ − v*‖²), when
    /// measured in the steps since the previous event.
    public var fieldError: Double? = nil
}

/// The result of a run: the averaged (EMA) network used for sampling, the raw
/// network, and the loss log.
public struct TrainingResult: Sendable {
    public var network: MLP<Float>
    public var rawNetwork: MLP<Float>
    public var log: [TrainingEvent]
    public var seconds: Double
}

/// The training loop, as a recipe: draw a minibatch of data, let the method
/// turn it into (input, conditioning, target, weight), one forward and
/// backward pass, clip, Adam, update the moving average.
public enum Trainer {
    /// Trains a network on `trainingSet` (points in the standard frame).
    /// `report` is called every `reportEvery` steps and at the last step.
    public static func train(_ configuration: TrainingConfiguration, on trainingSet: TrainingSet,
                             reportEvery: Int = 10, report: (TrainingEvent) -> Void = { _ in }) -> TrainingResult {
        precondition(configuration.steps > 0 && configuration.batchSize > 0, "steps and batch size must be positive")
        precondition(!trainingSet.points.isEmpty, "empty training set")
        let method = configuration.generativeMethod
        var rng = SeededGenerator(seed: configuration.seed)
        var network = MLP<Float>(configuration: configuration.network, seed: rng.next())
        var adam = Adam<Float>(parameterCount: network.parameters.count)
        var ema = ExponentialMovingAverage(initial: network.parameters, decay: configuration.emaDecay)
        var workspace = MLPWorkspace<Float>()
        var gradient = [Float](repeating: 0, count: network.parameters.count)

        let batch = configuration.batchSize
        let data = trainingSet.points
        var input = Matrix<Float>(rows: batch, columns: 2)
        var conditioning = [Float](repeating: 0, count: batch)
        var target = [Float](repeating: 0, count: 2 * batch)
        var weight = [Float](repeating: 0, count: batch)
        var outputGradient = [Float](repeating: 0, count: 2 * batch)
        var ys = [Point](repeating: .zero, count: batch)

        var log: [TrainingEvent] = []
        // The exact field of the training set, built only if the field error is logged.
        let denoiser = configuration.fieldErrorEvery.map { _ in ExactDenoiser(points: data) }
        var fieldError: Double?
        var lossSum = 0.0, normSum = 0.0, lossCount = 0
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

        for step in 0..<configuration.steps {
            // 1. A minibatch of training examples.
            for i in 0..<batch { ys[i] = data[rng.nextIndex(below: data.count)] }
            let examples = method.trainingBatch(for: ys, using: &rng)
            for (i, example) in examples.enumerated() {
                input.storage[2 * i] = Float(example.input.x)
                input.storage[2 * i + 1] = Float(example.input.y)
                conditioning[i] = Float(example.conditioning)
                target[2 * i] = Float(example.target.x)
                target[2 * i + 1] = Float(example.target.y)
                weight[i] = Float(example.weight)
            }
            // 2. Forward, loss = mean_i w_i ‖F_i − T_i‖², and its gradient.
            network.forward(points: input, conditioning: conditioning, workspace: &workspace)
            let loss = weightedSquaredError(output: workspace.output, target: target, weight: weight,
                                            gradient: &outputGradient)
            // 3. Backward, clip, Adam, EMA.
            network.backward(outputGradient: outputGradient, workspace: &workspace, into: &gradient)
            let norm = clipGradientNorm(&gradient, maxNorm: Float(configuration.gradientClip))
            let lr = configuration.learningRate(at: step)
            adam.update(&network.parameters, gradient: gradient, learningRate: Float(lr))
            ema.update(with: network.parameters)

            if let every = configuration.fieldErrorEvery, let denoiser, (step + 1) % every == 0 {
                var averaged = network
                averaged.parameters = ema.average
                fieldError = FieldError.measure(network: averaged, method: method, denoiser: denoiser,
                                                count: 256, seed: configuration.seed).overall
            }
            lossSum += loss
            normSum += Double(norm)
            lossCount += 1
            if (step + 1) % reportEvery == 0 || step + 1 == configuration.steps {
                let event = TrainingEvent(step: step + 1, totalSteps: configuration.steps,
                                          loss: lossSum / Double(lossCount), learningRate: lr,
                                          gradientNorm: normSum / Double(lossCount), seconds: elapsed(),
                                          fieldError: fieldError)
                fieldError = nil
                log.append(event)
                report(event)
                lossSum = 0
                normSum = 0
                lossCount = 0
            }
        }
        var averaged = network
        averaged.parameters = ema.average
        return TrainingResult(network: averaged, rawNetwork: network, log: log, seconds: elapsed())
    }

    /// mean_i w_i Σ_j (F_ij − T_ij)², writing ∂/∂F = 2 w_i (F_ij − T_ij) / B into `gradient`.
    static func weightedSquaredError(output: [Float], target: [Float], weight: [Float],
                                     gradient: inout [Float]) -> Double {
        let batch = weight.count
        let d = output.count / batch
        let scale = 2 / Float(batch)
        var total = 0.0
        output.withUnsafeBufferPointer { f in
            target.withUnsafeBufferPointer { t in
                weight.withUnsafeBufferPointer { w in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for i in 0..<batch {
                            var rowSum: Float = 0
                            for j in 0..<d {
                                let e = f[i * d + j] - t[i * d + j]
                                rowSum += e * e
                                g[i * d + j] = scale * w[i] * e
                            }
                            total += Double(w[i] * rowSum)
                        }
                    }
                }
            }
        }
        return total / Double(batch)
    }
}
