import CFFTW
import FieldLabCore
import Foundation

/// The spectrum of a 1-D factor sampled at the `P = 2G` offsets of a padded
/// line in wrap order (index `a` stands for offset `a` if `a < G`, `a − P`
/// otherwise, as in `FFTConvolution`): FFTW's r2c output, `P/2 + 1` complex
/// bins as interleaved `(re, im)` pairs, forward sign −1, unnormalised.
package struct LineSpectrum: Sendable {
    /// `P`, the length of the padded line.
    package let paddedSize: Int
    /// `2·(P/2 + 1)` reals.
    package var values: [Double]
}

/// Linear convolutions of `G × G` grids with kernels that factor over the
/// axes, `K(dx, dy) = f(dx)·f′(dy)`, as two passes of zero-padded 1-D FFT
/// convolutions: every column with `f′` (along y), then every row of the
/// result with `f` (along x).
///
/// Why: the Gaussian factors, `exp(−‖u‖²/2σ²) = g(u_x)·g(u_y)`, and so do its
/// moment kernels, `u_x·K = (u_x·g(u_x))·g(u_y)`. The 2-D route
/// (`FFTConvolution`) spends a `P × P` transform per kernel and per output and
/// samples `P²` kernel values; here a kernel costs `P` samples and one 1-D
/// transform, and the grids' transforms are 1-D too and skip the rows and
/// columns that are pure padding: about half the transform work of the 2-D
/// route, with no `P × P` arrays at all. The result is the same linear
/// convolution (the 2-D spectrum of `f(dx)·f′(dy)` is the outer product of
/// the two 1-D spectra; tests check both against the 2-D route).
///
/// Lines go through FFTW in blocks of `lanes` (`FFTLinePlans`), blocks split
/// over the cores. The y pass gathers a block of 8 neighbouring columns one
/// 64-byte row at a time and stores each result column contiguously in an
/// intermediate; the x pass gathers 8 rows from that the same way and writes
/// whole output rows. The intermediate's lines are padded to `G + 8` values
/// (at `G = 512` a stride of exactly 4 KiB would put every gathered row in
/// the same cache set). Which lines share a block does not depend on the
/// thread count and FFTW transforms each line alone, so results are
/// bit-identical for any number of threads.
package final class SeparableConvolution: @unchecked Sendable {
    /// One output: grid `input` convolved with factor `x` along rows (x) and
    /// factor `y` along columns (y), indices into the arguments of `convolve`.
    package struct Term: Sendable, Hashable {
        package var input: Int
        package var x: Int
        package var y: Int
        package init(input: Int, x: Int, y: Int) {
            self.input = input
            self.x = x
            self.y = y
        }
    }

    /// Lines transformed together: 8 doubles are one 64-byte cache line of
    /// a column block.
    static let lanes = 8

    /// `G`: the side of the input and output grids.
    package let gridSize: Int
    /// `P = 2G`: the length of the zero-padded lines.
    package let paddedSize: Int
    private let plans: FFTLinePlans

    package init(gridSize: Int) {
        precondition(gridSize >= 1, "SeparableConvolution needs gridSize ≥ 1, got \(gridSize)")
        self.gridSize = gridSize
        paddedSize = 2 * gridSize
        plans = FFTPlanCache.shared.linePlans(size: paddedSize, lanes: Self.lanes)
    }

    /// The spectrum of a factor given at the `P` offsets in wrap order.
    package func spectrum(ofFactor samples: [Double]) -> LineSpectrum {
        let p = paddedSize, w = Self.lanes, bins = p / 2 + 1
        precondition(samples.count == p, "spectrum(ofFactor:) needs \(p) values, got \(samples.count)")
        let real = fftw_alloc_real(p * w)!, complex = fftw_alloc_complex(bins * w)!
        defer { fftw_free(real); fftw_free(complex) }
        real.initialize(repeating: 0, count: p * w)
        samples.withUnsafeBufferPointer { real.update(from: $0.baseAddress!, count: p) }
        fftw_execute_dft_r2c(plans.forward, real, complex)
        let z = UnsafeRawPointer(complex).assumingMemoryBound(to: Double.self)
        return LineSpectrum(paddedSize: p, values: Array(UnsafeBufferPointer(start: z, count: 2 * bins)))
    }

    /// `f(dx)` for every offset of a padded line, in wrap order.
    package func wrapOrderFactor(_ factor: (_ offset: Int) -> Double) -> [Double] {
        let g = gridSize, p = paddedSize
        return (0..<p).map { factor($0 < g ? $0 : $0 - p) }
    }

    /// The 2-D spectrum of `f(dx)·f′(dy)` in `FFTConvolution`'s layout, as
    /// the outer product `F′(k0)·F(k1)` (rows k0 over y, all `P`; columns k1
    /// over x, `P/2 + 1`; `F′(P − k) = conj F′(k)` for a real factor).
    package func spectrum(x: LineSpectrum, y: LineSpectrum) -> Spectrum {
        let p = paddedSize, bins = p / 2 + 1
        precondition(x.paddedSize == p && y.paddedSize == p, "spectrum(x:y:) needs line spectra of size \(p)")
        var values = [Double](repeating: 0, count: 2 * p * bins)
        for k0 in 0..<p {
            let m = k0 <= p / 2 ? k0 : p - k0
            let yr = y.values[2 * m], yi = k0 <= p / 2 ? y.values[2 * m + 1] : -y.values[2 * m + 1]
            for k1 in 0..<bins {
                let xr = x.values[2 * k1], xi = x.values[2 * k1 + 1]
                values[2 * (k0 * bins + k1)] = yr * xr - yi * xi
                values[2 * (k0 * bins + k1) + 1] = yr * xi + yi * xr
            }
        }
        return Spectrum(paddedSize: p, values: values)
    }

    /// The linear convolutions `terms` asks for, each on the `G × G` block:
    /// `out[j, i] = Σ grid[j′, i′]·fx(i − i′)·fy(j − j′)`, with the factors
    /// given by their spectra. Grids are row-major `G × G` (x along rows).
    /// Each distinct (input, y) pair is convolved along y once and shared.
    package func convolve(_ grids: [[Double]], factors: [LineSpectrum], terms: [Term]) -> [[Double]] {
        let g = gridSize, p = paddedSize
        precondition(grids.allSatisfy { $0.count == g * g }, "convolve needs \(g)×\(g) grids")
        precondition(factors.allSatisfy { $0.paddedSize == p }, "convolve needs factor spectra of size \(p)")
        precondition(terms.allSatisfy { grids.indices.contains($0.input) && factors.indices.contains($0.x)
                                        && factors.indices.contains($0.y) }, "convolve: term out of range")
        let prepared = factors.map { PreparedFactor($0, scale: 1 / Double(p)) }  // both passes unnormalised
        var columnPairs: [Term] = []  // distinct (input, y); x unused
        for t in terms where !columnPairs.contains(where: { $0.input == t.input && $0.y == t.y }) {
            columnPairs.append(Term(input: t.input, x: 0, y: t.y))
        }
        let stride = g + Self.lanes  // padded line length of the intermediates
        let middle = UnsafeMutablePointer<Double>.allocate(capacity: g * stride * columnPairs.count)
        defer { middle.deallocate() }
        var inputPointers: [UnsafePointer<Double>] = []
        return withArrays(count: terms.count, size: g * g) { outputs in
            withPointers(grids, into: &inputPointers) { inputs in
                let columns = columnPairs.enumerated().map { n, pair in
                    Product(input: pair.input, factor: prepared[pair.y],
                            output: Lines(base: middle + g * stride * n, lineStride: stride, pointStride: 1))
                }
                pass(inputs: inputs.map { Lines(base: UnsafeMutablePointer(mutating: $0), lineStride: 1, pointStride: g) },
                     products: columns)
                let rows = terms.enumerated().map { n, t in
                    Product(input: columnPairs.firstIndex { $0.input == t.input && $0.y == t.y }!,
                            factor: prepared[t.x], output: Lines(base: outputs[n], lineStride: g, pointStride: 1))
                }
                pass(inputs: (0..<columnPairs.count).map {
                         Lines(base: middle + g * stride * $0, lineStride: 1, pointStride: stride)
                     },
                     products: rows)
            }
        }
    }

    // MARK: Private

    /// `G` lines of `G` values in a larger array: value `t` of line `l` at
    /// `base[l·lineStride + t·pointStride]`; one of the strides is 1.
    private struct Lines {
        let base: UnsafeMutablePointer<Double>
        let lineStride: Int
        let pointStride: Int
    }

    /// A factor spectrum, times `scale`, laid out for a two-bins-at-a-time
    /// complex product: `(fr, fr)` and `(−fi, fi)` per bin.
    private struct PreparedFactor {
        let real: [Double]
        let imaginary: [Double]
        init(_ spectrum: LineSpectrum, scale: Double) {
            let bins = spectrum.values.count / 2
            var real = [Double](repeating: 0, count: 2 * bins), imaginary = real
            for k in 0..<bins {
                let fr = spectrum.values[2 * k] * scale, fi = spectrum.values[2 * k + 1] * scale
                real[2 * k] = fr; real[2 * k + 1] = fr
                imaginary[2 * k] = -fi; imaginary[2 * k + 1] = fi
            }
            self.real = real
            self.imaginary = imaginary
        }
    }

    /// One product of a pass: each line of `inputs[input]` convolved with `factor` into `output`.
    private struct Product {
        let input: Int
        let factor: PreparedFactor
        let output: Lines
    }

    private struct PassArguments: @unchecked Sendable {
        let inputs: [Lines]
        let products: [Product]
    }

    /// Convolves every line of each input and writes each product's first `G`
    /// values per line.
    private func pass(inputs: [Lines], products: [Product]) {
        let g = gridSize, p = paddedSize, w = Self.lanes, bins = p / 2 + 1
        let blocks = (g + w - 1) / w
        let arguments = PassArguments(inputs: inputs, products: products)
        let plans = plans
        Parallel.forEachChunk(count: blocks, minimumPerChunk: 4) { _, range in
            let inputs = arguments.inputs, products = arguments.products
            let real = fftw_alloc_real(p * w)!, out = fftw_alloc_real(p * w)!
            let scratch = fftw_alloc_complex(bins * w)!
            let spectra = inputs.map { _ in fftw_alloc_complex(bins * w)! }
            defer {
                fftw_free(real); fftw_free(out); fftw_free(scratch)
                spectra.forEach { fftw_free($0) }
            }
            // The padding half stays zero: out-of-place r2c preserves its input.
            real.initialize(repeating: 0, count: p * w)
            let z = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Double.self)
            for block in range {
                let first = block * w, count = min(w, g - first)
                for (n, input) in inputs.enumerated() {
                    gather(input, lines: first, count: count, into: real)
                    fftw_execute_dft_r2c(plans.forward, real, spectra[n])
                }
                for product in products {
                    let s = UnsafeRawPointer(spectra[product.input]).assumingMemoryBound(to: Double.self)
                    product.factor.real.withUnsafeBufferPointer { fr in
                        product.factor.imaginary.withUnsafeBufferPointer { fi in
                            for lane in 0..<count {
                                multiply(s + 2 * bins * lane, fr.baseAddress!, fi.baseAddress!,
                                         into: z + 2 * bins * lane, bins: bins)
                            }
                        }
                    }
                    fftw_execute_dft_c2r(plans.backward, scratch, out)  // destroys scratch
                    scatter(out, into: product.output, lines: first, count: count)
                }
            }
        }
    }

    /// Copies lines `first ..< first + count` into the first `G` values of
    /// the `P`-long lanes of `real` (lanes past `count` are zeroed).
    private func gather(_ lines: Lines, lines first: Int, count: Int, into real: UnsafeMutablePointer<Double>) {
        let g = gridSize, p = paddedSize, w = Self.lanes
        if lines.pointStride == 1 {
            for lane in 0..<count {
                (real + lane * p).update(from: lines.base + (first + lane) * lines.lineStride, count: g)
            }
        } else if count == w {
            // A block of neighbouring columns: one 64-byte load per point.
            for t in 0..<g {
                let v = UnsafeRawPointer(lines.base + t * lines.pointStride + first).loadUnaligned(as: SIMD8<Double>.self)
                for lane in 0..<w { real[lane * p + t] = v[lane] }
            }
        } else {
            for t in 0..<g {
                for lane in 0..<count { real[lane * p + t] = lines.base[t * lines.pointStride + first + lane] }
            }
        }
        for lane in count..<w { (real + lane * p).update(repeating: 0, count: g) }
    }

    /// Copies the first `G` values of each of the `count` lanes of `real` to
    /// lines `first ..< first + count` (both passes write whole lines).
    private func scatter(_ real: UnsafeMutablePointer<Double>, into lines: Lines, lines first: Int, count: Int) {
        precondition(lines.pointStride == 1, "scatter writes contiguous lines")
        for lane in 0..<count {
            (lines.base + (first + lane) * lines.lineStride).update(from: real + lane * paddedSize, count: gridSize)
        }
    }
}

/// `z = s·f` for `bins` interleaved complex values, two bins per step:
/// `z = s·(fr, fr) + swap(s)·(−fi, fi)`.
@inline(__always)
private func multiply(_ s: UnsafePointer<Double>, _ fr: UnsafePointer<Double>, _ fi: UnsafePointer<Double>,
                      into z: UnsafeMutablePointer<Double>, bins: Int) {
    var k = 0
    while k + 2 <= bins {
        let v = UnsafeRawPointer(s + 2 * k).loadUnaligned(as: SIMD4<Double>.self)
        let swapped = SIMD4(v[1], v[0], v[3], v[2])
        let a = UnsafeRawPointer(fr + 2 * k).loadUnaligned(as: SIMD4<Double>.self)
        let b = UnsafeRawPointer(fi + 2 * k).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(z + 2 * k).storeBytes(of: (v * a).addingProduct(swapped, b), as: SIMD4<Double>.self)
        k += 2
    }
    if k < bins {
        let re = s[2 * k], im = s[2 * k + 1]
        z[2 * k] = re * fr[2 * k] + im * fi[2 * k]
        z[2 * k + 1] = im * fr[2 * k + 1] + re * fi[2 * k + 1]
    }
}

/// `count` new arrays of `size` elements, filled by `body` through their
/// base pointers (every element must be written).
private func withArrays(count: Int, size: Int,
                        _ body: ([UnsafeMutablePointer<Double>]) -> Void) -> [[Double]] {
    func level(_ pointers: [UnsafeMutablePointer<Double>]) -> [[Double]] {
        if pointers.count == count { body(pointers); return [] }
        var rest: [[Double]] = []
        let array = [Double](unsafeUninitializedCapacity: size) { buffer, initialized in
            rest = level(pointers + [buffer.baseAddress!])
            initialized = size
        }
        return [array] + rest
    }
    return level([])
}

/// Runs `body` with the base pointers of `arrays` (read-only).
private func withPointers(_ arrays: [[Double]], into pointers: inout [UnsafePointer<Double>],
                          _ body: ([UnsafePointer<Double>]) -> Void) {
    if pointers.count == arrays.count { body(pointers); return }
    arrays[pointers.count].withUnsafeBufferPointer { buffer in
        pointers.append(buffer.baseAddress!)
        withPointers(arrays, into: &pointers, body)
    }
}
