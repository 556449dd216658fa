import FieldLabCore

/// A multilayer perceptron F(x, c): `depth` hidden layers Linear → SiLU and a
/// linear output layer, over the input `[x, embedding(c)]`.
///
/// All parameters live in one flat vector (layer by layer: weight `in × out`
/// row-major, then bias `out`), so the optimiser, the moving average, gradient
/// clipping and checkpoints each see one contiguous array. A gradient is a
/// vector of the same layout: model and gradient are values of the same shape.
public struct MLP<Scalar: NetworkScalar>: Sendable, Equatable {
    public let configuration: NetworkConfiguration
    /// All trainable scalars, in `layout` order.
    public var parameters: [Scalar]
    /// Where each layer's weight and bias start in `parameters`.
    public let layout: [LayerLayout]
    /// Embedding frequencies, cached from the configuration.
    let frequencies: [Scalar]

    /// Offsets of one linear layer's tensors in the flat parameter vector.
    public struct LayerLayout: Sendable, Equatable {
        public let input: Int, output: Int
        public let weightOffset: Int, biasOffset: Int
        public var weightCount: Int { input * output }
    }

    /// A network with PyTorch's default initialisation: every weight and bias
    /// uniform in ±1/√fan-in (Kaiming-uniform with a = √5), drawn from `seed`.
    public init(configuration: NetworkConfiguration, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        self.init(configuration: configuration, parameters: [])
        for l in layout {
            let bound = 1 / Double(l.input).squareRoot()
            for i in 0..<(l.weightCount + l.output) {
                parameters[l.weightOffset + i] = Scalar((2 * rng.nextUniform() - 1) * bound)
            }
        }
    }

    /// A network with the given parameters (zero when `parameters` is empty).
    public init(configuration: NetworkConfiguration, parameters: [Scalar]) {
        self.configuration = configuration
        var layout: [LayerLayout] = []
        var offset = 0
        for (input, output) in configuration.layerShapes {
            layout.append(LayerLayout(input: input, output: output, weightOffset: offset,
                                      biasOffset: offset + input * output))
            offset += input * output + output
        }
        self.layout = layout
        self.frequencies = configuration.embedding.frequencies.map { Scalar($0) }
        if parameters.isEmpty {
            self.parameters = Array(repeating: 0, count: offset)
        } else {
            precondition(parameters.count == offset,
                         "Parameter vector has \(parameters.count) scalars, the configuration needs \(offset)")
            self.parameters = parameters
        }
    }

    /// The same network in another precision.
    public func converted<Other: NetworkScalar>(to: Other.Type = Other.self) -> MLP<Other> {
        MLP<Other>(configuration: configuration, parameters: parameters.map { Other($0) })
    }
}

/// Buffers of one forward/backward pass, kept between calls so that the
/// training loop does not allocate per step. Sized for the last batch seen.
public struct MLPWorkspace<Scalar: NetworkScalar>: Sendable {
    /// Layer inputs: `inputs[0]` is `[x, embedding(c)]`, `inputs[l]` the activation after layer l−1.
    var inputs: [[Scalar]] = []
    /// σ(Z) of the hidden layers' pre-activations Z (what SiLU′ needs, with H).
    var sigmoids: [[Scalar]] = []
    /// Network output, `batch × pointDimension` row-major.
    public internal(set) var output: [Scalar] = []
    /// Gradient buffers for backprop.
    var gradA: [Scalar] = []
    var gradB: [Scalar] = []
    /// Gradient of the loss with respect to the network's point input (after `backward`).
    public internal(set) var inputGradient: [Scalar] = []
    public internal(set) var batch = 0
    /// Whether the products may use all cores (false when the caller already
    /// runs one workspace per core, as the data-parallel training step does).
    public var parallel: Bool

    public init(parallel: Bool = true) { self.parallel = parallel }

    mutating func prepare(for network: MLP<Scalar>, batch: Int) {
        guard batch != self.batch || inputs.count != network.layout.count else { return }
        self.batch = batch
        let layout = network.layout
        inputs = layout.map { Array(repeating: 0, count: batch * $0.input) }
        sigmoids = layout.dropLast().map { Array(repeating: 0, count: batch * $0.output) }
        output = Array(repeating: 0, count: batch * network.configuration.pointDimension)
        let widest = layout.map { max($0.input, $0.output) }.max() ?? 0
        gradA = Array(repeating: 0, count: batch * widest)
        gradB = Array(repeating: 0, count: batch * widest)
        inputGradient = Array(repeating: 0, count: batch * network.configuration.pointDimension)
    }
}
