import FieldLabCore
/// An exponential moving average of the parameters (Polyak averaging), the
/// copy used for sampling:
///
///     θ̄ ← d θ̄ + (1 − d) θ,   d = min(decay, (1 + t) / (10 + t))
///
/// The warm-up of d lets the average follow the fast early changes.
public struct ExponentialMovingAverage<Scalar: NetworkScalar>: Sendable, Equatable {
    public var decay: Double
    public private(set) var average: [Scalar]
    public private(set) var updates = 0

    public init(initial: [Scalar], decay: Double = 0.999) {
        self.decay = decay
        self.average = initial
    }

    /// The average at a saved position, after `updates` updates (a resumed run).
    public init(average: [Scalar], updates: Int, decay: Double) {
        precondition(updates >= 0, "EMA updates must be ≥ 0")
        self.decay = decay
        self.average = average
        self.updates = updates
    }

    /// The decay used at the next update.
    public var currentDecay: Double { min(decay, (1 + Double(updates)) / (10 + Double(updates))) }

    public mutating func update(with parameters: [Scalar]) {
        updateImplementation(with: parameters)
    }

    @inline(__always)
    mutating func updateImplementation(with parameters: [Scalar]) {
        precondition(parameters.count == average.count, "EMA and parameters differ in length")
        let d = Scalar(currentDecay), e = 1 - d
        updates += 1
        average.withUnsafeMutableBufferPointer { a in
            parameters.withUnsafeBufferPointer { p in
                for i in 0..<a.count { a[i] = d * a[i] + e * p[i] }
            }
        }
    }
}

extension ExponentialMovingAverage where Scalar == Float {
    public mutating func update(with parameters: [Float]) { updateImplementation(with: parameters) }
}

extension ExponentialMovingAverage {
    /// Advances the average by one update and hands its storage and this
    /// update's decay to `body`, which blends the parameters in itself (the
    /// fused optimiser step does it in the same pass as Adam).
    mutating func advance(_ body: (UnsafeMutableBufferPointer<Scalar>, Scalar) -> Void) {
        let d = Scalar(currentDecay)
        updates += 1
        average.withUnsafeMutableBufferPointer { body($0, d) }
    }
}
