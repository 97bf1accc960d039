/// A node with its similarity, ordered by similarity, then by node (higher first).
struct Scored: Comparable {
    let similarity: Float, node: Int
    static func < (a: Scored, b: Scored) -> Bool { (a.similarity, a.node) < (b.similarity, b.node) }
}

/// A binary max-heap.
struct Heap<Element: Comparable> {
    private(set) var elements: [Element] = []
    var count: Int { elements.count }
    var top: Element? { elements.first }

    mutating func push(_ e: Element) {
        elements.append(e)
        var i = elements.count - 1
        while i > 0, elements[(i - 1) / 2] < elements[i] { elements.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
    }

    mutating func pop() -> Element? {
        guard !elements.isEmpty else { return nil }
        elements.swapAt(0, elements.count - 1)
        let top = elements.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var largest = i
            if l < elements.count, elements[largest] < elements[l] { largest = l }
            if r < elements.count, elements[largest] < elements[r] { largest = r }
            if largest == i { return top }
            elements.swapAt(i, largest)
            i = largest
        }
    }
}
