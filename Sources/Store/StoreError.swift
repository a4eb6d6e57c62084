import Foundation

/// A state-database failure, naming the database file and what to do.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var underlying: String

    public init(path: String, operation: String, underlying: any Error) {
        self.path = path
        self.operation = operation
        self.underlying = String(describing: underlying)
    }

    public var description: String {
        "state database \(path): cannot \(operation): \(underlying) (check that the directory exists, is writable by the service user, and that the disk is not full)"
    }
}
