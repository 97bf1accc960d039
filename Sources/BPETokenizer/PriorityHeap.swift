/// A binary heap: `pop` returns the element that `comesFirst` puts before all others. Both
/// fast paths of the tokenizer use one: the trainer for the most frequent pair, the long-chunk
/// encoder for the lowest rank.
struct PriorityHeap<Element> {
    private var items: [Element] = []
    private let comesFirst: (Element, Element) -> Bool

    init(by comesFirst: @escaping (Element, Element) -> Bool) { self.comesFirst = comesFirst }

    var first: Element? { items.first }

    mutating func push(_ item: Element) {
        items.append(item)
        var child = items.count - 1
        while child > 0, comesFirst(items[child], items[(child - 1) / 2]) {
            items.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    @discardableResult
    mutating func pop() -> Element? {
        guard let top = items.first else { return nil }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < items.count, comesFirst(items[left], items[best]) { best = left }
            if right < items.count, comesFirst(items[right], items[best]) { best = right }
            guard best != parent else { return top }
            items.swapAt(parent, best)
            parent = best
        }
    }
}
