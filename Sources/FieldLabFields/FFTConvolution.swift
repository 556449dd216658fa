import CFFTW
import FieldLabCore
import Foundation

/// The spectrum of a real `P × P` array (`P = 2G`), as FFTW's real-to-complex
/// transform leaves it: `P` rows of `P/2 + 1` complex bins, stored as
/// interleaved `(re, im)` pairs, row-major.
///
/// Sign and bin order: bin `(k0, k1)` holds `X = Σ x[n0, n1]·e^(−2πi(k0·n0 + k1·n1)/P)`
/// (FFTW's forward sign −1). Rows `k0` run in the usual FFT order
/// `0, 1, …, P/2, −P/2 + 1, …, −1`; columns hold only `k1 = 0 … P/2`, the
/// other half follows from Hermitian symmetry. Unnormalised, like FFTW.
public struct Spectrum: Sendable {
    /// `P`, the side of the (zero-padded) real array this is the transform of.
    public let paddedSize: Int
    /// `2·P·(P/2 + 1)` reals: `values[2·(k0·(P/2+1) + k1)]` is the real part of bin `(k0, k1)`.
    public var values: [Double]
}

/// A 2-D linear convolution of `G × G` real grids by FFTW, with no wrap-around.
///
/// Both operands are zero-padded to `P × P` with `P = 2G` (Hockney–Eastwood),
/// so the circular convolution that a DFT product computes equals the linear
/// one on the `G × G` output block: `out[j, i] = Σ_{j′, i′} grid[j′, i′]·k(j − j′, i − i′)`
/// for `0 ≤ i, j < G`, where the kernel `k` is needed at offsets `−(G−1) … G−1`.
/// A kernel is therefore given on a `P × P` array in **wrap order**: index
/// `a ∈ 0..<P` along an axis stands for the offset `a` if `a < G` and `a − P`
/// otherwise (offset `−G`, at index `G`, is never used by the `G × G` block).
/// Without the padding the product would add the field of a periodic lattice
/// of images (pfgm.md §6: 60× too large at large heights).
///
/// Grids are row-major, `grid[j·G + i]` with `j` the row (y) and `i` the column (x).
///
/// Transforms are FFTW r2c (forward, sign −1) and c2r (backward, sign +1), both
/// unnormalised: c2r(r2c(x)) = P²·x, so `convolve` divides by P². The c2r
/// transform destroys its input (multi-dimensional c2r plans cannot preserve
/// it), so every product is formed in a scratch buffer and the caller's
/// spectra are never touched. Plans are made once per size for the whole
/// process (see `FFTPlanCache`) and executed with FFTW's new-array interface on
/// this object's own aligned buffers; one lock serialises the use of those
/// buffers, so an instance may be shared across threads (calls then take turns).
/// FFTW itself stays single-threaded; the batch calls (`spectra(of:)`,
/// `convolve(_:)`) run independent transforms on the cores side by side, each
/// in a workspace of its own (made on first use, kept with the instance).
public final class FFTConvolution: @unchecked Sendable {
    /// `G`: the side of the input and output grids.
    public let gridSize: Int
    /// `P = 2G`: the side of the zero-padded arrays that are transformed.
    public let paddedSize: Int
    private let plans: FFTPlanPair
    private let lock = NSLock()
    /// `P × P` reals (r2c input, c2r output).
    private let realBuffer: UnsafeMutablePointer<Double>
    /// `P × (P/2 + 1)` complex bins (r2c output, c2r input).
    private let complexBuffer: UnsafeMutablePointer<fftw_complex>
    /// Workspaces of the batch calls beyond the first (which is the two buffers above).
    private var extraWorkspaces: [Workspace] = []

    /// Number of complex bins of a `P × P` real transform: `P·(P/2 + 1)`.
    public var spectrumBinCount: Int { paddedSize * (paddedSize / 2 + 1) }

    /// A convolution of `gridSize × gridSize` grids; the plans for
    /// `2·gridSize` are made on first use of that size (with `FFTW_MEASURE`)
    /// and shared by every later instance.
    public init(gridSize: Int) {
        precondition(gridSize >= 1, "FFTConvolution needs gridSize ≥ 1, got \(gridSize)")
        self.gridSize = gridSize
        paddedSize = 2 * gridSize
        plans = FFTPlanCache.shared.plans(size: paddedSize)
        realBuffer = fftw_alloc_real(paddedSize * paddedSize)!
        complexBuffer = fftw_alloc_complex(paddedSize * (paddedSize / 2 + 1))!
    }

    deinit {
        fftw_free(realBuffer)
        fftw_free(complexBuffer)
        for space in extraWorkspaces {
            fftw_free(space.real)
            fftw_free(space.complex)
        }
    }

    /// The spectrum of a `G × G` grid (row-major), zero-padded to `P × P`.
    public func spectrum(ofGrid grid: [Double]) -> Spectrum {
        withLock { transform(.grid(grid), in: mainWorkspace) }
    }

    /// The spectrum of a kernel given on the `P × P` array in wrap order (see the type's notes).
    public func spectrum(ofKernel values: [Double]) -> Spectrum {
        withLock { transform(.kernel(values), in: mainWorkspace) }
    }

    /// The spectrum of a kernel sampled at integer offsets: `kernel(dx, dy)`
    /// for `dx, dy ∈ −G … G−1`, laid out in wrap order.
    public func spectrum(ofKernel kernel: (_ dx: Int, _ dy: Int) -> Double) -> Spectrum {
        spectrum(ofKernel: wrapOrderKernel(kernel))
    }

    /// `kernel(dx, dy)` for every offset, on the `P × P` array in wrap order.
    public func wrapOrderKernel(_ kernel: (_ dx: Int, _ dy: Int) -> Double) -> [Double] {
        let g = gridSize, p = paddedSize
        var values = [Double](repeating: 0, count: p * p)
        for b in 0..<p {
            let dy = b < g ? b : b - p
            for a in 0..<p {
                values[b * p + a] = kernel(a < g ? a : a - p, dy)
            }
        }
        return values
    }

    /// The linear convolution `grid ⊛ kernel` on the `G × G` output block,
    /// from the two spectra (normalised: the 1/P² of the round trip is applied).
    public func convolve(_ grid: Spectrum, with kernel: Spectrum) -> [Double] {
        withLock { product(grid, kernel, in: mainWorkspace) }
    }

    /// What `spectra(of:)` transforms: a `G × G` grid (zero-padded) or a
    /// kernel on the `P × P` array in wrap order.
    package enum Input: Sendable {
        case grid([Double])
        case kernel([Double])
    }

    /// The spectra of `inputs`, computed on the cores side by side (each
    /// result is what `spectrum(ofGrid:)` / `spectrum(ofKernel:)` would give).
    package func spectra(of inputs: [Input]) -> [Spectrum] {
        batch(inputs.count) { n, space in self.transform(inputs[n], in: space) }
    }

    /// `convolve(pair.grid, with: pair.kernel)` for every pair, on the cores side by side.
    package func convolve(_ pairs: [(grid: Spectrum, kernel: Spectrum)]) -> [[Double]] {
        let grids = pairs.map(\.grid), kernels = pairs.map(\.kernel)
        return batch(pairs.count) { n, space in self.product(grids[n], kernels[n], in: space) }
    }

    /// `grid ⊛ kernel` on the `G × G` block, the kernel given as `kernel(dx, dy)`.
    public func convolve(_ grid: [Double], with kernel: (_ dx: Int, _ dy: Int) -> Double) -> [Double] {
        convolve(spectrum(ofGrid: grid), with: spectrum(ofKernel: kernel))
    }

    /// The inverse of `spectrum(ofGrid:)`: the `P × P` real array (row-major)
    /// whose spectrum this is, divided by P² so that the round trip is the identity.
    public func realArray(from spectrum: Spectrum) -> [Double] {
        let p = paddedSize
        precondition(spectrum.paddedSize == p, "realArray needs a spectrum of padded size \(p)")
        var output = [Double](repeating: 0, count: p * p)
        withLock {
            spectrum.values.withUnsafeBufferPointer { src in
                UnsafeMutableRawPointer(complexBuffer).assumingMemoryBound(to: Double.self)
                    .update(from: src.baseAddress!, count: 2 * spectrumBinCount)
            }
            fftw_execute_dft_c2r(plans.backward, complexBuffer, realBuffer)  // destroys complexBuffer
            let scale = 1 / Double(p * p)
            for n in 0..<(p * p) { output[n] = realBuffer[n] * scale }
        }
        return output
    }

    // MARK: Private

    /// A real and a complex buffer for one transform at a time.
    private struct Workspace: @unchecked Sendable {
        let real: UnsafeMutablePointer<Double>
        let complex: UnsafeMutablePointer<fftw_complex>
    }

    private var mainWorkspace: Workspace { Workspace(real: realBuffer, complex: complexBuffer) }

    /// Runs `job(n, workspace)` for `n ∈ 0..<count` over the cores, one
    /// workspace per chunk, and collects the results in order (the lock is
    /// held throughout, so batches take turns like the single calls).
    private func batch<T: Sendable>(_ count: Int, _ job: @Sendable (Int, Workspace) -> T) -> [T] {
        withLock {
            let chunks = max(1, min(Parallel.threadCount, count))
            let p = paddedSize
            while extraWorkspaces.count < chunks - 1 {
                extraWorkspaces.append(Workspace(real: fftw_alloc_real(p * p)!,
                                                 complex: fftw_alloc_complex(p * (p / 2 + 1))!))
            }
            let spaces = [mainWorkspace] + extraWorkspaces
            var results = [T?](repeating: nil, count: count)
            results.withUnsafeMutableBufferPointer { buffer in
                let out = SendablePointer(buffer.baseAddress!)
                Parallel.forEachChunk(count: count) { chunk, range in
                    for n in range { out.base[n] = job(n, spaces[chunk]) }
                }
            }
            return results.map { $0! }
        }
    }

    /// The r2c spectrum of `input` (padded grid or wrap-order kernel).
    private func transform(_ input: Input, in space: Workspace) -> Spectrum {
        let g = gridSize, p = paddedSize
        switch input {
        case .grid(let grid):
            precondition(grid.count == g * g, "spectrum(ofGrid:) needs \(g)×\(g) values, got \(grid.count)")
            space.real.initialize(repeating: 0, count: p * p)
            grid.withUnsafeBufferPointer { src in
                for j in 0..<g { (space.real + j * p).update(from: src.baseAddress! + j * g, count: g) }
            }
        case .kernel(let values):
            precondition(values.count == p * p, "spectrum(ofKernel:) needs \(p)×\(p) values, got \(values.count)")
            values.withUnsafeBufferPointer { space.real.update(from: $0.baseAddress!, count: p * p) }
        }
        fftw_execute_dft_r2c(plans.forward, space.real, space.complex)
        let count = 2 * spectrumBinCount
        let values = [Double](unsafeUninitializedCapacity: count) { dst, initialized in
            dst.baseAddress!.update(
                from: UnsafeRawPointer(space.complex).assumingMemoryBound(to: Double.self), count: count)
            initialized = count
        }
        return Spectrum(paddedSize: p, values: values)
    }

    /// `grid ⊛ kernel` on the `G × G` block from the two spectra, formed in `space`.
    private func product(_ grid: Spectrum, _ kernel: Spectrum, in space: Workspace) -> [Double] {
        let g = gridSize, p = paddedSize, bins = spectrumBinCount
        precondition(grid.paddedSize == p && kernel.paddedSize == p,
                     "convolve needs spectra of padded size \(p)")
        var output = [Double](repeating: 0, count: g * g)
        let scale = 1 / Double(p * p)
        let z = UnsafeMutableRawPointer(space.complex).assumingMemoryBound(to: Double.self)
        grid.values.withUnsafeBufferPointer { a in
            kernel.values.withUnsafeBufferPointer { k in
                for n in 0..<bins {
                    let ar = a[2 * n], ai = a[2 * n + 1], kr = k[2 * n], ki = k[2 * n + 1]
                    z[2 * n] = (ar * kr - ai * ki) * scale
                    z[2 * n + 1] = (ar * ki + ai * kr) * scale
                }
            }
        }
        fftw_execute_dft_c2r(plans.backward, space.complex, space.real)  // destroys space.complex
        output.withUnsafeMutableBufferPointer { dst in
            for j in 0..<g { (dst.baseAddress! + j * g).update(from: space.real + j * p, count: g) }
        }
        return output
    }

    private func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
