/// A multiset of the n-grams of one order: each distinct n-gram of a sequence with the number
/// of times it occurs, kept as a sorted list so that two multisets are compared by one merge,
/// with no hashing.
///
/// An n-gram is packed into one 128-bit key: up to 4 words of 32 bits (words interned as
/// small integers by `WordIDs`) or up to 6 characters of 21 bits (Unicode scalar values, which
/// end at U+10FFFF). Within one order, two n-grams have the same key only if they are equal.
public struct NGramCounts: Equatable, Sendable {
    /// The longest word n-gram a key holds.
    public static let maximumWordOrder = 4
    /// The longest character n-gram a key holds.
    public static let maximumCharacterOrder = 6

    /// The distinct n-grams' keys, ascending, and how often each occurs.
    public private(set) var keys: [UInt128] = []
    public private(set) var counts: [Int] = []

    public init() {}

    /// The n-grams of order `n` of words (interned ids, n ≤ 4).
    public init(words: [Int32], order n: Int) {
        self = Self.wordOrders(words, through: n)[n - 1]
    }

    /// The multisets of orders 1…`maxOrder` (≤ 4) of words.
    public static func wordOrders(_ words: [Int32], through maxOrder: Int) -> [NGramCounts] {
        precondition((1...maximumWordOrder).contains(maxOrder), "word n-gram order \(maxOrder) outside 1...4")
        return orders(words.map { UInt128(UInt32(bitPattern: $0)) }, through: maxOrder, bits: 32)
    }

    /// The multisets of orders 1…`maxOrder` (≤ 6) of characters.
    public static func characterOrders(_ characters: [Unicode.Scalar], through maxOrder: Int) -> [NGramCounts] {
        precondition((1...maximumCharacterOrder).contains(maxOrder), "character n-gram order \(maxOrder) outside 1...6")
        return orders(characters.map { UInt128($0.value) }, through: maxOrder, bits: 21)
    }

    /// Each order's keys extend the previous order's by one item: the n-gram starting at i is
    /// the (n−1)-gram starting at i shifted left by `bits`, or-ed with item i + n − 1.
    private static func orders(_ items: [UInt128], through maxOrder: Int, bits: Int) -> [NGramCounts] {
        var keys = items, result: [NGramCounts] = []
        for n in 1...maxOrder {
            if n > 1 {
                keys.removeLast(min(1, keys.count))
                for i in keys.indices { keys[i] = keys[i] << bits | items[i + n - 1] }
            }
            result.append(NGramCounts(counting: keys))
        }
        return result
    }

    /// The distinct keys of `keys`, sorted, with their multiplicities.
    private init(counting keys: [UInt128]) {
        let sorted = keys.sorted()
        self.keys.reserveCapacity(sorted.count)
        counts.reserveCapacity(sorted.count)
        for key in sorted {
            if key == self.keys.last { counts[counts.count - 1] += 1 } else { self.keys.append(key); counts.append(1) }
        }
    }

    /// The number of n-grams, with repeats.
    public var total: Int { counts.reduce(0, +) }

    /// Σ over the n-grams of min(count here, count in `other`): the matches when each n-gram
    /// here is credited at most as often as `other` has it (clipping).
    public func clippedMatches(against other: NGramCounts) -> Int {
        var i = 0, j = 0, matches = 0
        while i < keys.count && j < other.keys.count {
            if keys[i] < other.keys[j] { i += 1 } else if keys[i] > other.keys[j] { j += 1 } else {
                matches += min(counts[i], other.counts[j])
                i += 1
                j += 1
            }
        }
        return matches
    }

    /// Each n-gram with the larger of its counts here and in `other`: what a hypothesis may be
    /// credited for against several references.
    public func maximum(_ other: NGramCounts) -> NGramCounts {
        var result = NGramCounts(), i = 0, j = 0
        while i < keys.count || j < other.keys.count {
            if j == other.keys.count || (i < keys.count && keys[i] < other.keys[j]) {
                result.keys.append(keys[i]); result.counts.append(counts[i]); i += 1
            } else if i == keys.count || other.keys[j] < keys[i] {
                result.keys.append(other.keys[j]); result.counts.append(other.counts[j]); j += 1
            } else {
                result.keys.append(keys[i]); result.counts.append(max(counts[i], other.counts[j])); i += 1; j += 1
            }
        }
        return result
    }
}

/// Words interned as small integers, shared by a hypothesis and its references so that the
/// same word has the same id in both. Words are compared code point by code point, as Python
/// compares strings: "café" with a precomposed "é" and "café" with "e" and a combining accent
/// are different words here, although Swift's `String` would call them equal.
public struct WordIDs {
    private var ids: [Word: Int32] = [:]

    public init() {}

    public mutating func ids(_ words: [[Unicode.Scalar]]) -> [Int32] {
        words.map { scalars in
            let word = Word(scalars: scalars)
            if let id = ids[word] { return id }
            let id = Int32(ids.count)
            ids[word] = id
            return id
        }
    }

    /// A word as its code points, hashed as raw bytes.
    struct Word: Hashable {
        let scalars: [Unicode.Scalar]
        func hash(into hasher: inout Hasher) { scalars.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }
}
