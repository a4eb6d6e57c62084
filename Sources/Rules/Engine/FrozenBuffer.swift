/// An immutable copy of an array of plain values at a stable address, so that the matcher's
/// inner loops can read it through a pointer, without reference counting or bounds checks.
///
/// `@unchecked Sendable` invariant: the memory is written once, in `init`, and only read after
/// that; it is freed in `deinit`, when no reader can hold the buffer any more.
final class FrozenBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    /// The values.
    let buffer: UnsafeBufferPointer<Element>

    init(_ values: [Element]) {
        let memory = UnsafeMutablePointer<Element>.allocate(capacity: max(1, values.count))
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { memory.initialize(from: from, count: values.count) }
        }
        base = memory
        buffer = UnsafeBufferPointer(start: memory, count: values.count)
    }

    deinit {
        base.deallocate()
    }
}
