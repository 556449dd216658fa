import Foundation
import Testing
import FieldLabCore
import FieldLabFields

@Suite struct FFTConvolutionTests {
    private func randomGrid(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextUniform() - 0.5 }
    }

    /// r2c then c2r (with the 1/P² the transform leaves out) gives back the
    /// zero-padded grid.
    @Test(arguments: [1, 8, 30])
    func roundTripRestoresThePaddedGrid(gridSize g: Int) {
        let fft = FFTConvolution(gridSize: g)
        let grid = randomGrid(g * g, seed: 3)
        let back = fft.realArray(from: fft.spectrum(ofGrid: grid))
        let p = 2 * g
        for b in 0..<p {
            for a in 0..<p {
                let expected = (a < g && b < g) ? grid[b * g + a] : 0
                #expect(abs(back[b * p + a] - expected) < 1e-14, "round trip at (\(a), \(b))")
            }
        }
    }

    /// Bin (0, 0) is the plain sum (forward sign, no normalisation), and bin
    /// (0, 1) of a unit charge at column 1 is e^(−2πi/P).
    @Test func binsFollowTheForwardSignUnnormalised() {
        let g = 8, p = 16
        let fft = FFTConvolution(gridSize: g)
        let grid = randomGrid(g * g, seed: 4)
        let spectrum = fft.spectrum(ofGrid: grid)
        #expect(spectrum.values.count == 2 * p * (p / 2 + 1))
        #expect(isClose(spectrum.values[0], grid.reduce(0, +), relative: 1e-13))
        #expect(abs(spectrum.values[1]) < 1e-14)
        var unit = [Double](repeating: 0, count: g * g)
        unit[1] = 1
        let s = fft.spectrum(ofGrid: unit)
        #expect(isClose(s.values[2], cos(2 * Double.pi / Double(p)), relative: 1e-14))
        #expect(isClose(s.values[3], -sin(2 * Double.pi / Double(p)), relative: 1e-14))
    }

    /// The FFT convolution equals the O(G⁴) linear sum on a tiny grid, for a
    /// kernel with different values at every offset −G … G−1 (so wrap-around,
    /// a wrong sign of the offset or a transposed axis would all show).
    @Test func matchesBruteForceLinearConvolution() {
        let g = 8
        let fft = FFTConvolution(gridSize: g)
        let grid = randomGrid(g * g, seed: 5)
        let table = randomGrid(4 * g * g, seed: 6)
        let kernel: (Int, Int) -> Double = { dx, dy in table[(dy + g) * 2 * g + (dx + g)] }
        let fast = fft.convolve(grid, with: kernel)
        for j in 0..<g {
            for i in 0..<g {
                var sum = 0.0
                for jj in 0..<g { for ii in 0..<g { sum += grid[jj * g + ii] * kernel(i - ii, j - jj) } }
                #expect(abs(fast[j * g + i] - sum) < 1e-13, "node (\(i), \(j)): \(fast[j * g + i]) vs \(sum)")
            }
        }
    }

    /// A unit charge in the far corner with a kernel that is 1 only at offset
    /// (+1, 0): a circular convolution would put the 1 at column 0 (wrapped);
    /// the linear one puts nothing in the block.
    @Test func doesNotWrapAround() {
        let g = 8
        let fft = FFTConvolution(gridSize: g)
        var grid = [Double](repeating: 0, count: g * g)
        grid[(g - 1) * g + (g - 1)] = 1
        let out = fft.convolve(grid, with: { dx, dy in dx == 1 && dy == 0 ? 1 : 0 })
        #expect(out.allSatisfy { abs($0) < 1e-15 })
        // And a charge at (2, 3) with the kernel at offset (−1, +2) lands at (1, 5).
        grid = [Double](repeating: 0, count: g * g)
        grid[3 * g + 2] = 1
        let moved = fft.convolve(grid, with: { dx, dy in dx == -1 && dy == 2 ? 1 : 0 })
        for n in 0..<(g * g) { #expect(abs(moved[n] - (n == 5 * g + 1 ? 1 : 0)) < 1e-15) }
    }

    /// The caller's spectra survive a convolution (c2r destroys only the scratch
    /// buffer), and the same inputs give bit-identical outputs.
    @Test func spectraAreNotDestroyedAndResultsRepeat() {
        let g = 16
        let fft = FFTConvolution(gridSize: g)
        let a = fft.spectrum(ofGrid: randomGrid(g * g, seed: 7))
        let k = fft.spectrum(ofKernel: { dx, dy in exp(-Double(dx * dx + dy * dy) / 8) })
        let copy = a.values
        let first = fft.convolve(a, with: k), second = fft.convolve(a, with: k)
        #expect(a.values == copy)
        #expect(first == second)
    }

    /// The batch calls, which run transforms on the cores side by side in
    /// workspaces of their own, give bit for bit what the single calls give,
    /// in order.
    @Test func batchCallsEqualSingleCalls() {
        let g = 12
        let fft = FFTConvolution(gridSize: g)
        let grids = (0..<3).map { randomGrid(g * g, seed: 10 + UInt64($0)) }
        let kernel = fft.wrapOrderKernel { dx, dy in exp(-Double(dx * dx + 2 * dy * dy) / 10) + 0.1 * Double(dx) }
        let spectra = fft.spectra(of: grids.map { .grid($0) } + [.kernel(kernel)])
        #expect(spectra.count == 4)
        for (n, grid) in grids.enumerated() { #expect(spectra[n].values == fft.spectrum(ofGrid: grid).values) }
        #expect(spectra[3].values == fft.spectrum(ofKernel: kernel).values)
        let batch = fft.convolve(grids.indices.map { (spectra[$0], spectra[3]) })
        #expect(batch.count == 3)
        for n in grids.indices { #expect(batch[n] == fft.convolve(spectra[n], with: spectra[3])) }
    }
}

@Suite struct LagrangeStencilTests {
    /// The weights reproduce every polynomial of degree < p at the point, which
    /// is what makes deposit and interpolation accurate to order p (order 2 is
    /// cloud-in-cell: weights 1 − f and f).
    @Test(arguments: [2, 4, 6, 8])
    func reproducesPolynomialsBelowTheOrder(order: Int) {
        let stencil = LagrangeStencil(order: order)
        for t in [3.0, 3.25, 7.5, 10.999] {
            let (base, w) = stencil.weights(at: t)
            #expect(base == Int(t.rounded(.down)) - (order / 2 - 1))
            for degree in 0..<order {
                var sum = 0.0
                for k in 0..<order { sum += w[k] * pow(Double(base + k) - 5, Double(degree)) }
                #expect(isClose(sum, pow(t - 5, Double(degree)), relative: 1e-11, absolute: 1e-11),
                        "order \(order), degree \(degree), t \(t)")
            }
        }
        // Lanes past the order carry no weight (the deposit adds all 8 lanes).
        for t in [3.0, 3.25, 7.5, 10.999] {
            let w = stencil.weights(at: t).weights
            for k in order..<8 { #expect(w[k] == 0, "order \(order), lane \(k)") }
        }
        if order == 2 {
            let (_, w) = stencil.weights(at: 4.25)
            #expect(isClose(w[0], 0.75) && isClose(w[1], 0.25))
        }
    }
}
