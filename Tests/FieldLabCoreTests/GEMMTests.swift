import Testing
@testable import FieldLabCore

@Suite struct GEMMTests {
    @Test func smallProductMatchesHandComputation() {
        let a = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<Float>([[7, 8], [9, 10], [11, 12]])
        let c = Matrix.product(a, b)
        #expect(c == Matrix<Float>([[58, 64], [139, 154]]))
    }
}
