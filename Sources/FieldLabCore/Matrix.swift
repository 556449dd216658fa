/// A dense row-major matrix: `rows × columns` scalars, row `r` stored at
/// `storage[r * columns ..< (r + 1) * columns]`.
///
/// The network works in `Matrix<Float>` (a batch is one row per point); the
/// samplers, fields and metrics in `Matrix<Double>`.
public struct Matrix<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    public var storage: [Scalar]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    public init(rows: Int, columns: Int, storage: [Scalar]) {
        precondition(storage.count == rows * columns,
                     "Matrix storage has \(storage.count) scalars, expected \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix whose rows are `rows` (all of equal length).
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "Rows must have equal length")
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    public var count: Int { storage.count }
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    public subscript(row: Int, column: Int) -> Scalar {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// The scalars of one row, copied.
    public func row(_ r: Int) -> ArraySlice<Scalar> {
        storage[r * columns ..< (r + 1) * columns]
    }

    /// Changes the number of rows, keeping the first rows' contents; new rows are zero.
    /// Capacity is kept, so shrinking and growing again does not allocate.
    public mutating func resize(rows newRows: Int) {
        precondition(newRows >= 0)
        let newCount = newRows * columns
        if newCount < storage.count {
            storage.removeLast(storage.count - newCount)
        } else if newCount > storage.count {
            storage.append(contentsOf: repeatElement(0, count: newCount - storage.count))
        }
        rows = newRows
    }

    /// The same matrix with every element converted to another scalar type.
    public func converted<Other>(to: Other.Type = Other.self) -> Matrix<Other> {
        Matrix<Other>(rows: rows, columns: columns, storage: storage.map { Other($0) })
    }

    /// `true` when every element is finite (no NaN, no infinity).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }
}

extension Matrix {
    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns,
               storage: Array(storage[range.lowerBound * columns ..< range.upperBound * columns]))
    }
}
