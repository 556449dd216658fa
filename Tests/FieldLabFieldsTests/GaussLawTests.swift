import Foundation
import Testing
import FieldLabCore
import FieldLabFields

/// PFGM (D = 1) is electrostatics in three dimensions: `r·K(u)` with
/// `K = (‖u‖² + r²)^(−3/2)` is 4π times the z-component of the field of a unit
/// charge at height z = r, so E_z = ½(P_z ⊛ ρ) with ∫P_z = 1 and the flux
/// through any plane above the charges is Q/2 (pfgm.md §6).
@Suite struct GaussLawTests {
    /// Flux of a unit charge at `y` (in the plane) through the square
    /// [a, b]² at height z: (1/4π)·Σ± atan(XY/(z·R)) over the corners.
    func exactFlux(of y: Point, lower a: Double, upper b: Double, height z: Double) -> Double {
        func corner(_ x: Double, _ v: Double) -> Double { atan(x * v / (z * (x * x + v * v + z * z).squareRoot())) }
        let x0 = a - y.x, x1 = b - y.x, y0 = a - y.y, y1 = b - y.y
        return (corner(x1, y1) - corner(x0, y1) - corner(x1, y0) + corner(x0, y0)) / (4 * Double.pi)
    }

    @Test(arguments: [1.0, 2.0])
    func fluxThroughAPlaneAboveTheDataIsHalfTheCharge(height z: Double) {
        var generator = SeededGenerator(seed: 31)
        let charges = (0..<200).map { _ -> Point in
            let radius = 0.5 * generator.nextUniform().squareRoot(), angle = 2 * Double.pi * generator.nextUniform()
            return Point(radius * cos(angle), radius * sin(angle))
        }
        let halfWidth = 32.0
        let denoiser = ExactDenoiser(points: charges, gridSize: 256, box: GridBox(center: .zero, halfWidth: halfWidth))
        let c = denoiser.gridConvolutions(kernel: .poisson(radius: z, extraDimensions: 1))
        let h = c.geometry.spacing
        #expect(isClose(h, 2 * halfWidth / 255, relative: 1e-12))
        // K is normalised to K(0) = 1, i.e. z³ times the physical kernel: E_z = k/(4π z²).
        let flux = c.k.reduce(0, +) * h * h / (4 * Double.pi * z * z)
        // The node cells tile the square [origin − h/2, origin + (G − ½)h]².
        let lower = c.geometry.origin.x - h / 2, upper = c.geometry.origin.x + (Double(c.geometry.size) - 0.5) * h
        let expected = charges.reduce(0) { $0 + exactFlux(of: $1, lower: lower, upper: upper, height: z) }
        let half = Double(charges.count) / 2
        #expect(isClose(flux, expected, relative: 1e-6), "grid flux \(flux) vs exact \(expected)")
        // The finite plane misses only the flux beyond its edge, about z/halfWidth of Q/2.
        #expect(expected < half && expected > half * (1 - 1.5 * z / halfWidth))
    }
}
