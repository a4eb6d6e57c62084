extension RuleCompiler {
    /// A set of a few values, kept in a list while it is small.
    struct SmallSet {
        private var list: [Int32] = []
        private var set: Set<Int32> = []
        private static let limit = 32

        /// Adds `value`; whether it was new.
        mutating func insert(_ value: Int32) -> Bool {
            if list.count < Self.limit {
                if list.contains(value) { return false }
                list.append(value)
                if list.count == Self.limit { set = Set(list) }
                return true
            }
            return set.insert(value).inserted
        }

        mutating func removeAll() {
            list.removeAll(keepingCapacity: true)
            if !set.isEmpty { set = [] }
        }
    }
}
