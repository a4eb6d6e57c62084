import Configuration
import Logging

extension Logger.Level {
    /// The swift-log level of a config's `log_level`.
    public init(_ level: ServiceConfig.LogLevel) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}
