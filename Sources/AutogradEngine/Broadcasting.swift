import Numerics
/// The shape two operands broadcast to, by numpy's rule: align shapes on the right; each
/// pair of sizes must be equal or contain a 1, which stretches to the other. Throws
/// `ArgumentError` for shapes that do not broadcast.
public func broadcastShape(_ a: [Int], _ b: [Int], _ operation: String) throws -> [Int] {
    let rank = max(a.count, b.count)
    let paddedA = Array(repeating: 1, count: rank - a.count) + a
    let paddedB = Array(repeating: 1, count: rank - b.count) + b
    return try zip(paddedA, paddedB).map { x, y in
        try ArgumentError.require(x == y || x == 1 || y == 1, "shapes of \(operation)", "\(a) and \(b)",
                                  allowed: "sizes aligned from the right must be equal or 1 (broadcasting)")
        return x == 1 ? y : x             // a size 1 stretches to the other size, 0 included
    }
}

/// For each flat index of an array of `target` shape, the flat index of the element of an
/// array of `shape` that broadcasting places there. Throws `ArgumentError` unless `shape`
/// broadcasts to `target` itself.
public func broadcastIndices(from shape: [Int], to target: [Int]) throws -> [Int] {
    try ArgumentError.require(shape.count <= target.count && (try broadcastShape(shape, target, "broadcastIndices")) == target,
                              "shape", "\(shape)", allowed: "must broadcast to \(target)")
    let padded = Array(repeating: 1, count: target.count - shape.count) + shape
    let sourceStrides = zip(strides(padded), padded).map { stride, size in size == 1 ? 0 : stride }
    var indices = Array(repeating: 0, count: elementCount(target))
    var position = Array(repeating: 0, count: target.count)
    var source = 0
    for flat in indices.indices {
        indices[flat] = source
        // Advance the odometer over `target`, keeping `source` in step.
        var axis = target.count - 1
        while axis >= 0 {
            position[axis] += 1
            source += sourceStrides[axis]
            if position[axis] < target[axis] { break }
            source -= sourceStrides[axis] * position[axis]
            position[axis] = 0
            axis -= 1
        }
    }
    return indices
}
