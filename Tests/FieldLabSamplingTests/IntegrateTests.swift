import Foundation
import Testing
import FieldLabCore
@testable import FieldLabSampling

@Suite struct IntegrateTests {
    static let grid = TimeGrid.uniform(from: 0, to: 2, steps: 25)

    @Test func trajectoryRecordsTheFirstRowsAtEveryGridTime() throws {
        var field = RotatingDecay.field
        var solver = RungeKutta4()
        let result = integrate(&field, solver: &solver, from: RotatingDecay.initial,
                               grid: Self.grid, recordCount: 3)
        let trajectory = try #require(result.trajectory)
        #expect(trajectory.times == Self.grid)
        #expect(trajectory.states.count == Self.grid.count)
        #expect(trajectory.states.allSatisfy { $0.rows == 3 && $0.columns == 2 })
        #expect(trajectory.states.first == RotatingDecay.initial.rows(0..<3))
        #expect(trajectory.states.last == result.final.rows(0..<3))
        // A middle state is the exact solution there, to RK4 accuracy.
        let middle = RotatingDecay.exact(RotatingDecay.initial.rows(0..<3), from: 0, to: Self.grid[10])
        #expect(maxAbsDifference(trajectory.states[10], middle) < 3e-5)
        // One point's path: its row at every time.
        let path = trajectory.path(of: 2)
        #expect(path.rows == Self.grid.count && path.columns == 2)
        #expect(Array(path.row(7)) == Array(trajectory.states[7].row(2)))
    }

    @Test func recordsNothingByDefaultAndClampsRecordCount() {
        var field = RotatingDecay.field
        var solver = Euler()
        let plain = integrate(&field, solver: &solver, from: RotatingDecay.initial, grid: Self.grid)
        #expect(plain.trajectory == nil)
        let all = integrate(&field, solver: &solver, from: RotatingDecay.initial, grid: Self.grid,
                            recordCount: 100)
        #expect(all.trajectory?.pointCount == RotatingDecay.initial.rows)
        #expect(all.final == plain.final, "recording must not change the result")
    }

    @Test func oneElementGridReturnsTheInitialState() {
        var field = RotatingDecay.field
        var solver = Heun()
        let result = integrate(&field, solver: &solver, from: RotatingDecay.initial, grid: [1], recordCount: 1)
        #expect(result.final == RotatingDecay.initial)
        #expect(result.evaluations == 0)
        #expect(result.trajectory?.states.count == 1)
    }

    /// The reported evaluations equal the calls the field actually received.
    @Test(arguments: SolverKind.allCases)
    func countsEvaluationsAndReportsProgress(_ kind: SolverKind) {
        var calls = 0
        var field = ClosureField { x, _, v in
            calls += 1
            for i in 0..<x.count { v.storage[i] = -x.storage[i] }
        }
        var reports: [Int] = []
        var solver = kind.makeSolver()   // an existential, opened by `integrate`
        let result = integrate(&field, solver: &solver, from: RotatingDecay.initial, grid: Self.grid,
                               progress: { done, total in
                                   #expect(total == 25)
                                   reports.append(done)
                               })
        #expect(result.evaluations == calls)
        #expect(calls == 25 * kind.evaluationsPerStep)
        #expect(solver.evaluationsPerStep == kind.evaluationsPerStep)
        #expect(solver.name == kind.rawValue)
        #expect(reports == Array(1...25))
    }

    /// Batches of different sizes through one solver: the buffers follow.
    @Test func solverBuffersFollowTheBatchShape() {
        var field = RotatingDecay.field
        var solver = DormandPrince()
        let grid = TimeGrid.uniform(from: 0, to: 1, steps: 20)
        for rows in [4, 1, 3] {
            let x0 = RotatingDecay.initial.rows(0..<rows)
            let result = integrate(&field, solver: &solver, from: x0, grid: grid)
            #expect(maxAbsDifference(result.final, RotatingDecay.exact(x0, from: 0, to: 1)) < 1e-7)
        }
        var wide = ClosureField { x, _, v in
            for i in 0..<x.count { v.storage[i] = 1 }
        }
        let result = integrate(&wide, solver: &solver, from: Matrix(rows: 2, columns: 5), grid: grid)
        #expect(result.final.storage.allSatisfy { isClose($0, 1) })
    }
}
