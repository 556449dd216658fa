/// The shape of a FieldLab network: an MLP over `[x, embedding(c)]`, where `x`
/// is a point of the plane and `c` the method's conditioning scalar (EDM's
/// c_noise = ¼ ln σ, flow time t, …). The network never knows which method uses it.
public struct NetworkConfiguration: Codable, Sendable, Equatable {
    /// Dimension of the points (2 for the plane).
    public var pointDimension: Int
    /// Width of every hidden layer.
    public var width: Int
    /// Number of hidden layers (each Linear → SiLU).
    public var depth: Int
    /// How the conditioning scalar enters the network.
    public var embedding: ScaleEmbedding

    public init(pointDimension: Int = 2, width: Int = 128, depth: Int = 3,
                embedding: ScaleEmbedding = .sinusoidal()) {
        self.pointDimension = pointDimension
        self.width = width
        self.depth = depth
        self.embedding = embedding
    }

    /// Input width of the first layer: the point plus the embedding features.
    public var inputDimension: Int { pointDimension + embedding.featureCount }

    /// (fan-in, fan-out) of every linear layer, input to output.
    public var layerShapes: [(input: Int, output: Int)] {
        var shapes: [(Int, Int)] = []
        var fanIn = inputDimension
        for _ in 0..<depth { shapes.append((fanIn, width)); fanIn = width }
        shapes.append((fanIn, pointDimension))
        return shapes
    }

    /// Total number of trainable scalars.
    public var parameterCount: Int { layerShapes.reduce(0) { $0 + $1.input * $1.output + $1.output } }

    /// Multiply–adds of one forward pass per point (the matrix products only).
    public var forwardMultiplyAddsPerPoint: Int { layerShapes.reduce(0) { $0 + $1.input * $1.output } }
}
