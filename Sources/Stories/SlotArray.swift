/// An array whose freed places are reused: stable `Int32` indices for the index's entries and posting
/// nodes, without holes piling up as the window moves.
struct SlotArray<Element: Sendable>: Sendable {
    private(set) var elements: [Element] = []
    private var free: [Int32] = []

    /// Stores `element` in a freed place, else at the end; returns where.
    mutating func insert(_ element: Element) -> Int32 {
        if let reused = free.popLast() {
            elements[Int(reused)] = element
            return reused
        }
        elements.append(element)
        return Int32(elements.count - 1)
    }

    /// Marks the place free (its element stays until the place is reused: the caller no longer reads it).
    mutating func release(_ index: Int32) {
        free.append(index)
    }

    subscript(index: Int32) -> Element {
        get { elements[Int(index)] }
        set { elements[Int(index)] = newValue }
    }
}
