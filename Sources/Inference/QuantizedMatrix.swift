import Foundation
import Numerics

/// A weight matrix stored in fewer bits: symmetric, round-to-nearest quantization in groups.
///
/// The matrix is the workbook's W (inputs × outputs, used as y = x·W). It is stored by output:
/// column j of W becomes one row of `inputs` numbers, cut into groups of `groupSize` along the
/// inputs, the dimension a matrix-vector product sums over. Each group keeps one Float32
/// scale s = max|w| / qmax and integers q = round(w / s) in −qmax…qmax, so that w ≈ q·s with
/// |w − q·s| ≤ s/2. A group of zeros gets s = 0 and q = 0 (llama2.c divides by s and gets NaN).
///
/// - `int8PerRow`: qmax 127, one group per output (the whole row);
/// - `q8_0`: qmax 127, groups of 64 (llama2.c's `runq.c`); 1 + 4/64 = 1.0625 bytes per weight;
/// - `int4`: qmax 7, groups of 32, two weights per byte; 0.5 + 4/32 = 0.625 bytes per weight.
public struct QuantizedMatrix: Sendable {
    public enum Scheme: String, Sendable, CaseIterable {
        case int8PerRow = "int8", q8_0, int4

        public var maximumLevel: Int { self == .int4 ? 7 : 127 }
        /// Weights per scale; nil for one group per row.
        public var groupSize: Int? { self == .int8PerRow ? nil : self == .q8_0 ? 64 : 32 }
        public var bitsPerWeight: Int { self == .int4 ? 4 : 8 }
    }

    public let scheme: Scheme
    public let inputs: Int, outputs: Int
    /// The weights per scale (the row length for `int8PerRow`).
    public let groupSize: Int
    /// One scale per group, output by output.
    public let scales: [Float]
    /// The integers, output by output; int4 packs two per byte (low nibble first), stored
    /// offset by 8 so a nibble is 1…15.
    let levels: [UInt8]

    /// Quantizes `weights` (inputs × outputs, row-major). Throws `ArgumentError` for a count
    /// other than inputs × outputs, a value that is not finite, or inputs not a multiple of the
    /// scheme's group size.
    public init(_ weights: [Float], inputs: Int, outputs: Int, scheme: Scheme) throws {
        try ArgumentError.requireAtLeast(1, inputs, "inputs")
        try ArgumentError.requireAtLeast(1, outputs, "outputs")
        try ArgumentError.require(weights.count == inputs * outputs, "weights.count", weights.count, allowed: "inputs × outputs = \(inputs * outputs)")
        if let bad = weights.firstIndex(where: { !$0.isFinite }) {
            throw ArgumentError(parameter: "weights[\(bad)]", value: "\(weights[bad])", allowed: "weights must be finite")
        }
        let group = scheme.groupSize ?? inputs
        try ArgumentError.require(inputs % group == 0, "inputs", inputs, allowed: "a multiple of \(scheme.rawValue)'s group size \(group)")
        let qmax = Float(scheme.maximumLevel)
        var scales: [Float] = [], values: [Int8] = []
        scales.reserveCapacity(outputs * inputs / group)
        values.reserveCapacity(inputs * outputs)
        for j in 0..<outputs {
            for start in stride(from: 0, to: inputs, by: group) {
                let w = (start..<(start + group)).map { weights[$0 * outputs + j] }
                let scale = (w.map(abs).max() ?? 0) / qmax
                scales.append(scale)
                values += w.map { scale == 0 ? 0 : Int8(max(-qmax, min(qmax, ($0 / scale).rounded()))) }
            }
        }
        (self.scheme, self.inputs, self.outputs, self.groupSize, self.scales) = (scheme, inputs, outputs, group, scales)
        if scheme == .int4 {
            levels = stride(from: 0, to: values.count, by: 2).map { UInt8(Int(values[$0]) + 8) | UInt8(Int(values[$0 + 1]) + 8) << 4 }
        } else {
            levels = values.map { UInt8(bitPattern: $0) }
        }
    }

    /// The integer of input i, output j.
    @inline(__always)
    func level(_ index: Int) -> Float {
        if scheme == .int4 {
            let byte = levels[index / 2]
            return Float(Int(index % 2 == 0 ? byte & 0x0F : byte >> 4) - 8)
        }
        return Float(Int8(bitPattern: levels[index]))
    }

    /// The bytes stored: the integers and a Float32 scale per group.
    public var bytes: Int { levels.count + scales.count * MemoryLayout<Float>.size }
    /// Bytes per weight: 1 + 4/inputs, 1.0625 or 0.625.
    public var bytesPerWeight: Double { Double(bytes) / Double(inputs * outputs) }

    /// W rebuilt (inputs × outputs, row-major): q·s for every weight.
    public func dequantized() -> [Float] {
        var w = [Float](repeating: 0, count: inputs * outputs)
        for j in 0..<outputs {
            for i in 0..<inputs { w[i * outputs + j] = level(j * inputs + i) * scales[(j * inputs + i) / groupSize] }
        }
        return w
    }

    /// y = x·W for one row x of `inputs` values, from the integers: for each output, each
    /// group's Σ x_i·q_i times its scale. Throws `ArgumentError` for a row of another length.
    public func product(_ x: [Float]) throws -> [Float] {
        try ArgumentError.require(x.count == inputs, "x.count", x.count, allowed: "the matrix's inputs (\(inputs))")
        return (0..<outputs).map { j in
            var total: Float = 0
            for g in 0..<(inputs / groupSize) {
                var sum: Float = 0
                let base = j * inputs + g * groupSize
                for i in 0..<groupSize { sum += x[g * groupSize + i] * level(base + i) }
                total += sum * scales[base / groupSize]
            }
            return total
        }
    }

    /// Y = X·W for `rows` rows of X (row-major), each row as `product`. Throws `ArgumentError`
    /// for a count other than rows × inputs.
    public func product(_ x: [Float], rows: Int) throws -> [Float] {
        try ArgumentError.requireAtLeast(1, rows, "rows")
        try ArgumentError.require(x.count == rows * inputs, "x.count", x.count, allowed: "rows × inputs = \(rows * inputs)")
        return try (0..<rows).flatMap { r in try product(Array(x[(r * inputs)..<((r + 1) * inputs)])) }
    }
}
