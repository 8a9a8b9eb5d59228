import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A failed connection in plain words (`nothing answers at that address`), instead of Foundation's
/// "The operation could not be completed (NSURLErrorDomain error -1004)". Used for downloads and
/// for remote rerank servers alike.
public func plainWords(_ error: Error) -> String {
    guard let failure = error as? URLError else { return "\(error)" }
    switch failure.code {
    case .cannotConnectToHost:
        return "the connection was refused: nothing answers at that address and port"
    case .cannotFindHost, .dnsLookupFailed:
        return "the host name could not be found (no DNS answer)"
    case .notConnectedToInternet, .dataNotAllowed, .internationalRoamingOff:
        return "this machine has no network connection"
    case .timedOut:
        return "no answer in time (the connection timed out)"
    case .networkConnectionLost:
        return "the connection was closed before the answer was complete"
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
         .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
         .clientCertificateRequired:
        return "the secure (TLS) connection failed: the server's certificate was not accepted"
    case .badServerResponse, .cannotParseResponse, .zeroByteResource, .cannotDecodeRawData, .cannotDecodeContentData:
        return "the server's answer could not be read"
    case .httpTooManyRedirects, .redirectToNonExistentLocation:
        return "the server redirected too often, or to nowhere"
    case .userAuthenticationRequired, .userCancelledAuthentication:
        return "the server asks for credentials"
    case .badURL, .unsupportedURL:
        return "the address is not one that can be requested"
    case .cancelled:
        return "the request was cancelled"
    default:
        return "the network request failed (code \(failure.code.rawValue))"
    }
}
