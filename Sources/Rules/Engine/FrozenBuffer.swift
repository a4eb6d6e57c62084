import Basics

/// An immutable copy of an array of plain values at a stable address, so that the matcher's
/// inner loops can read it through a pointer, without reference counting or bounds checks.
///
/// Big buffers (a big rule set's tables are several megabytes each, read at random) are mapped
/// on their own, 2 MiB-aligned, with transparent huge pages requested: with 4 KiB pages nearly
/// every lookup in them would also miss the TLB.
///
/// `@unchecked Sendable` invariant: the memory is written once, in `init`, and only read after
/// that; it is freed in `deinit`, when no reader can hold the buffer any more.
final class FrozenBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The values.
    let buffer: UnsafeBufferPointer<Element>
    /// The mapping, when the buffer has its own (else it was allocated on the heap).
    private let mapping: (base: UnsafeMutableRawPointer, length: Int)?

    private static var hugePage: Int { 2 << 20 }

    init(_ values: [Element]) {
        let bytes = values.count * MemoryLayout<Element>.stride
        var memory: UnsafeMutablePointer<Element>
        var mapping: (base: UnsafeMutableRawPointer, length: Int)?
        if bytes >= Self.hugePage, let mapped = Self.mapHuge(bytes) {
            mapping = mapped.mapping
            memory = mapped.aligned.bindMemory(to: Element.self, capacity: values.count)
        } else {
            memory = .allocate(capacity: max(1, values.count))
        }
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { memory.initialize(from: from, count: values.count) }
        }
        self.mapping = mapping
        buffer = UnsafeBufferPointer(start: memory, count: values.count)
    }

    deinit {
        if let mapping {
            munmap(mapping.base, mapping.length)
            return
        }
        UnsafeMutablePointer(mutating: buffer.baseAddress)?.deallocate()
    }

    /// An anonymous mapping of at least `bytes`, with a 2 MiB-aligned start inside it that
    /// the kernel is asked to back with huge pages (a hint: without them it works the same).
    private static func mapHuge(_ bytes: Int) -> (
        mapping: (base: UnsafeMutableRawPointer, length: Int), aligned: UnsafeMutableRawPointer
    )? {
        let length = bytes + hugePage
        let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let base, base != MAP_FAILED else { return nil }
        let address = Int(bitPattern: base)
        let aligned = (address + hugePage - 1) & ~(hugePage - 1)
        guard let start = UnsafeMutableRawPointer(bitPattern: aligned) else {
            munmap(base, length)
            return nil
        }
        _ = madvise(start, address + length - aligned, Int32(MADV_HUGEPAGE))
        return ((base, length), start)
    }
}
