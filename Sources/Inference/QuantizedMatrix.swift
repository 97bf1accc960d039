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
    /// The integers, output by output; int4 packs two per byte, stored offset by 8 so a nibble
    /// is 1…15: in each group of 32, byte k holds weight k (low nibble) and weight k + 16
    /// (high nibble), as llama.cpp's Q4_0 does, so sixteen bytes unpack into two runs of 16.
    let levels: [UInt8]

    // listing: quantization
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
        // exercise: M12.2 write group-wise symmetric quantization: per group of inputs scale = max|w|/qmax, levels round(w/scale) clamped, int4 packed two per byte offset by 8 (Chapter 12, quantization)
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
            let half = group / 2
            var packed: [UInt8] = []
            packed.reserveCapacity(values.count / 2)
            for start in stride(from: 0, to: values.count, by: group) {
                for k in start..<(start + half) {
                    let low = UInt8(Int(values[k]) + 8), high = UInt8(Int(values[k + half]) + 8)
                    packed.append(low | high << 4)
                }
            }
            levels = packed
        } else {
            levels = values.map { UInt8(bitPattern: $0) }
        }
        // end exercise
    }
    // end listing

    /// The integer of input i, output j.
    @inline(__always)
    func level(_ index: Int) -> Float {
        if scheme == .int4 {
            let half = groupSize / 2, start = index - index % groupSize, k = index - start
            let byte = levels[start / 2 + k % half]
            return Float(Int(k < half ? byte & 0x0F : byte >> 4) - 8)
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
        try product(x, rows: 1)
    }

    /// Y = X·W for `rows` rows of X (row-major), each row as `product`. Throws `ArgumentError`
    /// for a count other than rows × inputs.
    public func product(_ x: [Float], rows: Int) throws -> [Float] {
        try ArgumentError.requireAtLeast(1, rows, "rows")
        try ArgumentError.require(x.count == rows * inputs, "x.count", x.count, allowed: "rows × inputs = \(rows * inputs)")
        var y = [Float](repeating: 0, count: rows * outputs)
        x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { accumulate(xp.baseAddress!, rows: rows, into: $0.baseAddress!) } }
        return y
    }

    // listing: quantized-product
    /// Y += X·W for `rows` rows of X (rows × inputs) into Y (rows × outputs). Each group of
    /// integers is unpacked to Floats once, sixteen at a time, and used by every row, so a
    /// batch reads the quantized weights once: Σ x_i·q_i sixteen lanes at a time, then times
    /// the group's scale.
    func accumulate(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        let group = groupSize, lanes = 16
        let unpacked = UnsafeMutablePointer<Float>.allocate(capacity: group + lanes)
        defer { unpacked.deallocate() }
        levels.withUnsafeBufferPointer { levelBuffer in
            let q = UnsafeRawPointer(levelBuffer.baseAddress!)
            for j in 0..<outputs {
                for g in 0..<(inputs / group) {
                    let first = j * inputs + g * group
                    if scheme == .int4 {
                        let half = group / 2
                        for k in stride(from: 0, to: half, by: lanes) {
                            let bytes = q.loadUnaligned(fromByteOffset: first / 2 + k, as: SIMD16<UInt8>.self)
                            let low = SIMD16<Int32>(truncatingIfNeeded: bytes & 0x0F) &- 8, high = SIMD16<Int32>(truncatingIfNeeded: bytes &>> 4) &- 8
                            UnsafeMutableRawPointer(unpacked + k).storeBytes(of: SIMD16<Float>(low), as: SIMD16<Float>.self)
                            UnsafeMutableRawPointer(unpacked + half + k).storeBytes(of: SIMD16<Float>(high), as: SIMD16<Float>.self)
                        }
                    } else {
                        var i = 0
                        while i + lanes <= group {
                            let bytes = q.loadUnaligned(fromByteOffset: first + i, as: SIMD16<Int8>.self)
                            UnsafeMutableRawPointer(unpacked + i).storeBytes(of: SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bytes)), as: SIMD16<Float>.self)
                            i += lanes
                        }
                        while i < group { unpacked[i] = Float(q.load(fromByteOffset: first + i, as: Int8.self)); i += 1 }
                    }
                    let scale = scales[first / group]
                    for r in 0..<rows {
                        let row = x + r * inputs + g * group
                        var sums = SIMD16<Float>(repeating: 0), i = 0
                        while i + lanes <= group {
                            sums += UnsafeRawPointer(row + i).loadUnaligned(as: SIMD16<Float>.self)
                                * UnsafeRawPointer(unpacked + i).loadUnaligned(as: SIMD16<Float>.self)
                            i += lanes
                        }
                        var sum = sums.sum()
                        while i < group { sum += row[i] * unpacked[i]; i += 1 }
                        y[r * outputs + j] += sum * scale
                    }
                }
            }
        }
    }
    // end listing
}
