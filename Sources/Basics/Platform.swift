// The one place that names the C library: every module that needs POSIX calls imports Basics.
#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#endif
