import Foundation
import Store

/// Why the service could not start, with the exit status that tells systemd what to do (README "As a
/// systemd service"): 78 (EX_CONFIG) for a path the config names that cannot be used — restarting would
/// not help, the unit does not restart on it; 75 (EX_TEMPFAIL) when another newswatch holds the state
/// directory — the unit restarts and succeeds once the other one has stopped; 1 otherwise.
public struct ServiceStartError: Error, CustomStringConvertible {
    public var underlying: any Error
    public var exitStatus: Int32

    init(_ error: any Error) {
        underlying = error
        switch error {
        case is ServiceDirectories.Failure: exitStatus = 78
        case is StateLock.Held: exitStatus = 75
        case is StateLock.Failure: exitStatus = 78
        case is OutputSetupError: exitStatus = 78
        default: exitStatus = 1
        }
    }

    public var description: String { "\(underlying)" }
}
